#!/bin/sh
# The browser test (tests/test_browser.py) renders the published page in headless Chromium.
# Install Debian's package when it is missing and this user may (root, with apt-get);
# otherwise say that the test will be skipped. Never fails the test command.
for name in chromium chromium-browser google-chrome; do
    command -v "$name" >/dev/null 2>&1 && exit 0
done
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing chromium (Debian package) for the browser test" >&2
    if { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } \
        >/dev/null 2>&1; then
        exit 0
    fi
    echo "could not install chromium: the browser test will be skipped" >&2
else
    echo "no chromium: the browser test will be skipped (Debian: apt-get install chromium)" >&2
fi
exit 0
