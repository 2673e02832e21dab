# Sourced by releng/run and releng/test: installs what a fresh machine lacks and finds a JDK >= 21.
# Nothing here is needed twice: each step checks first and does nothing when its work is done.

FEEDSCOPE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export FEEDSCOPE_ROOT

say() { echo "feedscope: $*" >&2; }

# Debian packages: name of a command or file that proves the package is there, then the package.
need_packages() {
  local missing=()
  while [ $# -gt 1 ]; do
    if [ ! -e "$1" ] && ! command -v "$1" >/dev/null 2>&1; then missing+=("$2"); fi
    shift 2
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  say "installing Debian packages: ${missing[*]}"
  $sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || { say "could not install ${missing[*]} with apt-get"; return 1; }
}

# A JDK >= 21: Tycho 5 and the Eclipse platform need it; the machine's default java may be 17.
find_jdk() {
  local major j
  for j in ${JAVA_HOME:+"$JAVA_HOME"} /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*; do
    [ -x "$j/bin/javac" ] || continue
    major="$("$j/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
    if [ "${major:-0}" -ge 21 ] 2>/dev/null; then export JAVA_HOME="$j"; return 0; fi
  done
  say "needs a JDK 21 or newer (Temurin 25 is the tested one); set JAVA_HOME to it"
  return 1
}

# Maven through the wrapper (Tycho 5 needs Maven >= 3.9.9; the wrapper fetches 3.9.11 from Central).
mvnw() {
  (cd "$FEEDSCOPE_ROOT/releng" && ./mvnw -B -ntp "$@")
}

product_archive() {
  echo "$FEEDSCOPE_ROOT/releng/io.feedscope.product/target/products/feedscope-linux.gtk.x86_64.tar.gz"
}
