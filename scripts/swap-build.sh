#!/usr/bin/env bash
# Developer helper: rebuild the addon with cargo and swap the .node in atomically (a new inode),
# so node processes that have the old one loaded keep running. `npm run build` regenerates
# binding.js / binding.d.ts; this does not.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --target x86_64-unknown-linux-gnu
cp target/x86_64-unknown-linux-gnu/release/libs3_native.so .s3-native.node.tmp
mv -f .s3-native.node.tmp s3-native.linux-x64-gnu.node
