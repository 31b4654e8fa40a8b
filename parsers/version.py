"""The extractor's version, stored with every parse so reports can be redone when it improves.

Bump it whenever cleaning, classification or record extraction changes what they produce.
"""

EXTRACTOR_VERSION = "2026.11.23-7"
