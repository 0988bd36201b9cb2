#!/usr/bin/env bash
# Builds and runs Examples/Downstream against a tagged Fovea, exactly as another package would depend on it.
#
# A bare clone of this repository's HEAD (committed state), tagged with the version the downstream manifest asks
# for, stands in for the published URL through a SwiftPM mirror; the downstream package is copied to a temporary
# directory, so nothing is left in the tree. SwiftPM refuses a versioned dependency whose targets carry unsafe
# flags, so this also checks that Package.swift has none.
#   Examples/Downstream/check.sh     # SWIFT="buildslot swift" for a build-slot wrapper; FOVEA_REV=<commit> for another
#                                    # commit than HEAD
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(git -C "$here" rev-parse --show-toplevel)
SWIFT=${SWIFT:-swift}
rev=$(git -C "$root" rev-parse "${FOVEA_REV:-HEAD}")
work=$(mktemp -d "${TMPDIR:-/tmp}/fovea-downstream.XXXXXX")
trap 'rm -rf "$work"' EXIT

url=$(sed -n 's/.*\.package(url: "\([^"]*\)".*/\1/p' "$here/Package.swift")
version=$(sed -n 's/.*\.package(url: .*from: "\([^"]*\)").*/\1/p' "$here/Package.swift")
[ -n "$url" ] && [ -n "$version" ] || { echo "check.sh: no .package(url:from:) line in $here/Package.swift"; exit 1; }

# The stand-in for the published repository: $rev as branch main and as tag $version, nothing else.
git init -q --bare "$work/fovea.git"
git -C "$work/fovea.git" fetch -q "$root" "$rev:refs/heads/main" "$rev:refs/tags/$version"
git -C "$work/fovea.git" symbolic-ref HEAD refs/heads/main

mkdir "$work/downstream"
cp -R "$here/Package.swift" "$here/Sources" "$work/downstream/"
cd "$work/downstream"
$SWIFT package config set-mirror --original "$url" --mirror "file://$work/fovea.git"
echo "== downstream: $url from $version -> ${rev:0:10}"
$SWIFT build
$SWIFT run Downstream
