"""Installing a published registry: `deadlines update`.

fetch   HTTP(S) and file:// fetching (urllib3, imported only here): timeouts, a redirect
        limit, conditional requests, a size limit
run     manifest, registry, verification (size, SHA-256, the full check, data version,
        downgrade), the changes it brings, and the install in one step

Sits beside `output` and `curation`: may import `registry`, `storage` and `core`; never
the outputs, reminders, curation or command line.
"""
