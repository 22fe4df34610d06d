"""sesec-deadlines: China compliance deadlines from the SESEC China Standardisation Newsletter."""

__version__ = "0.1.0"
