#!/bin/sh
# Rebuilds the committed DEX fixtures from smali/ (smali 2.5.2).
# classes.dex at API 28 (DEX 039), classes2.dex at API 15 (DEX 035).
set -eu
smali assemble -a 28 smali/classes -o classes.dex
smali assemble -a 15 smali/classes2 -o classes2.dex
