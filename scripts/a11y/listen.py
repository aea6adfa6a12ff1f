#!/usr/bin/python3
"""Prints what a screen reader would be asked to announce (AT-SPI `object:announcement`
events: live regions) during SECONDS, one a line.

Usage: listen.py SECONDS
"""
import sys
import threading

import pyatspi

seconds = float(sys.argv[1])


def heard(event):
    text = event.any_data if isinstance(event.any_data, str) else str(event.any_data)
    print(f"announcement\t{text}", flush=True)


pyatspi.Registry.registerEventListener(heard, "object:announcement")
threading.Timer(seconds, pyatspi.Registry.stop).start()
print("listening", flush=True)
pyatspi.Registry.start()
