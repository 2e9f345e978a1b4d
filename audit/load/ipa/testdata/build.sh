#!/bin/sh
# Rebuilds the committed Mach-O fixtures from strings.s (needs llvm-14).
set -eu
cd "$(dirname "$0")"
llvm-mc-14 -triple arm64-apple-ios -filetype=obj strings.s -o strings-arm64.o
llvm-mc-14 -triple x86_64-apple-ios -filetype=obj strings.s -o /tmp/strings-x86_64.o
llvm-lipo-14 -create strings-arm64.o /tmp/strings-x86_64.o -output strings-fat.o
rm -f /tmp/strings-x86_64.o
llvm-mc-14 -triple arm64-apple-ios -filetype=obj challenge.s -o challenge-noeval.o
llvm-mc-14 -triple arm64-apple-ios -filetype=obj -defsym EVAL=1 challenge.s -o challenge-eval.o
