#!/usr/bin/env python3
"""Django's command-line utility; `zwgk` is the same with the project's defaults."""

from zwgk.cli import main

if __name__ == "__main__":
    main()
