#!/bin/sh
# Stands in for the browser in the real-window test: writes down each link Samkart asks
# the system to open (tel:, mailto:, https:) instead of opening it.
printf '%s\n' "$*" >>"${SAMKART_URL_LOG:-/dev/null}"
