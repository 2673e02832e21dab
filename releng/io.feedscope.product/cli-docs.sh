#!/usr/bin/env bash
# Build step of the product (releng/io.feedscope.product/pom.xml, after materialize-products, before the archive):
# the command line's bash/zsh completion and man pages, generated from the picocli models of the commands (built in
# code or read from annotations: CliCommand.model) as installed in the product, so they cannot drift from the options:
#   PRODUCT/completion/feedscope.bash   picocli AutoComplete (zsh loads it through bashcompinit)
#   PRODUCT/man/man1/feedscope.1, feedscope-COMMAND.1   picocli-codegen ManPageGenerator (AsciiDoc) -> asciidoctor
# Then checks them as a user would: a bash without profile sources the script and `complete -p feedscope`
# answers; `man -l` renders every page (NAME section present). Any failure fails the build.
#   cli-docs.sh PRODUCT_DIR JAVA_HOME PICOCLI_CODEGEN_JAR
set -euo pipefail
PRODUCT="$1"; JAVA="$2/bin/java"; CODEGEN="$3"
HERE="$(cd "$(dirname "$0")" && pwd)"
command -v asciidoctor >/dev/null || { echo "cli-docs: asciidoctor is missing (Debian package asciidoctor; releng/test and releng/run install it)" >&2; exit 1; }
CLI="$(ls "$PRODUCT"/plugins/io.feedscope.cli_*.jar | head -n 1)"
# the class path the product's feedscope script uses (first line of InstalledBundles' answer)
CP="$("$JAVA" -cp "$CLI" io.feedscope.cli.internal.InstalledBundles "$PRODUCT" | head -n 1)"
OUT="$(mktemp -d "${TMPDIR:-/tmp}/feedscope-cli-docs.XXXXXX")"
trap 'rm -rf "$OUT"' EXIT
"$JAVA" -cp "$CP:$CODEGEN" "$HERE/CliDocs.java" "$OUT"
rm -rf "$PRODUCT/completion" "$PRODUCT/man"
mkdir -p "$PRODUCT/completion" "$PRODUCT/man/man1"
cp "$OUT/feedscope.bash" "$PRODUCT/completion/feedscope.bash"
asciidoctor --failure-level WARN -b manpage -D "$PRODUCT/man/man1" "$OUT"/*.adoc

# --- checks
got="$(env -i PATH="$PATH" bash --norc --noprofile -c '. "$1" && complete -p feedscope' _ "$PRODUCT/completion/feedscope.bash")"
case "$got" in *" -F _complete_feedscope feedscope") ;; *) echo "cli-docs: completion not loaded: '$got'" >&2; exit 1 ;; esac
pages=0
for page in "$PRODUCT"/man/man1/*.1; do
  text="$(MANWIDTH=80 man -l "$page" 2>/dev/null || groff -man -Tutf8 "$page")"
  grep -q '^NAME' <<<"$text" || { echo "cli-docs: $page does not render (no NAME section)" >&2; exit 1; }
  pages=$((pages + 1))
done
# help text is plain text, not AsciiDoc markup (CliDocs.fix): decode's page keeps "frame.*, eth.*" as written
# (they once came out as "frame., eth." in bold) and its record layout's columns ("PROTOCOL.*" and 9 spaces,
# as in DecodeCommand.RECORD; troff's sentence spacing once shrank them to one)
dec="$(MANWIDTH=100 man -l "$PRODUCT/man/man1/feedscope-decode.1" 2>/dev/null || groff -man -Tutf8 "$PRODUCT/man/man1/feedscope-decode.1")"
grep -qF '(frame.*, eth.*, vlan.id, ip.*, udp.*' <<<"$dec" || { echo "cli-docs: feedscope-decode.1: the --filter text lost its asterisks" >&2; exit 1; }
grep -qE '^ +PROTOCOL\.\* {9}every field of the message' <<<"$dec" \
  || { echo "cli-docs: feedscope-decode.1: the record layout is missing or lost its columns" >&2; exit 1; }
echo "cli-docs: completion/feedscope.bash and $pages man pages in $PRODUCT"
