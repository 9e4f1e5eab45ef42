#!/usr/bin/env bash
# Brings src/Wca.Api/PublicAPI.Unshipped.txt in line with Wca.Api's public surface after an intended API change.
#
# Usage: scripts/update-public-api.sh   (from anywhere; needs only dotnet)
#
# Rebuilds Wca.Api without incremental build (so the analyzers run), then
#   RS0016 (public symbol not declared)        -> the symbol text from the message is added to PublicAPI.Unshipped.txt;
#   RS0017 (declared symbol no longer exists)  -> the line is removed from PublicAPI.Unshipped.txt, or, if it had
#                                                 shipped, "*REMOVED*<symbol>" is added there (Shipped.txt stays as released).
# Then builds again and exits non-zero while any error (public API, missing docs, ...) remains.
# Review the diff of the two files before committing: every line is a public API change.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
api=$root/src/Wca.Api
project=$api/Wca.Api.csproj
shipped=$api/PublicAPI.Shipped.txt
unshipped=$api/PublicAPI.Unshipped.txt
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

build() { dotnet build "$project" -c Release -nologo -v q --no-incremental "$@" >"$work/build.log" 2>&1; }

# Symbol texts of one diagnostic ($1) whose message reads "<id>: Symbol '<symbol>' <$2>", each once.
symbols() {
    grep -oE "$1: Symbol '.*' $2" "$work/build.log" | sed -E "s/^$1: Symbol '(.*)' $2\$/\1/" | LC_ALL=C sort -u || true
}

build || true
symbols RS0016 "is not part of the declared public API" >"$work/added"
symbols RS0017 "is part of the declared API, but is either not public or could not be found" >"$work/removed"

# Removed symbols that had shipped stay in Shipped.txt and are marked removed in Unshipped.txt.
grep -vxF '#nullable enable' "$shipped" >"$work/shipped" || true
grep -xF -f "$work/removed" "$work/shipped" | sed 's/^/*REMOVED*/' >>"$work/added" || true

{
    echo '#nullable enable'
    { grep -vxF '#nullable enable' "$unshipped" | grep -vxF -f "$work/removed"; cat "$work/added"; } | grep -v '^$' | LC_ALL=C sort -u || true
} >"$work/unshipped"
cp "$work/unshipped" "$unshipped"
echo "PublicAPI.Unshipped.txt: $(wc -l <"$work/added") added, $(wc -l <"$work/removed") removed"

if ! build; then
    grep -E ' error ' "$work/build.log" | sed -E 's/ \[[^]]*\]$//' | sort -u >&2
    echo "Wca.Api still does not build (see above)." >&2
    exit 1
fi
echo "Wca.Api builds with its public API declared."
