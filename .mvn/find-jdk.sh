# Sourced by ./mvnw and ./consenti: makes sure JAVA_HOME names a JDK 21 or newer.
# Consenti is built for Java 21; where the default java is older (these machines default to 17),
# look for a newer JDK in the usual places rather than asking the user to set one up.
consenti_java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}
consenti_find_jdk() {
  local candidate major
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    major=$(consenti_java_major "$JAVA_HOME/bin/java")
    [ "${major:-0}" -ge 21 ] && return 0
  fi
  if [ -z "${JAVA_HOME:-}" ] && command -v javac >/dev/null 2>&1; then
    candidate=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    major=$(consenti_java_major "$candidate/bin/java")
    if [ "${major:-0}" -ge 21 ]; then export JAVA_HOME="$candidate"; return 0; fi
  fi
  # Newest first, so that a machine with several JDKs gets the most recent one.
  for candidate in $(ls -d /usr/lib/jvm/*/ /usr/local/lib/jvm/*/ /opt/java/*/ /opt/jdk*/ "$HOME"/.sdkman/candidates/java/*/ 2>/dev/null | sort -rV); do
    candidate=${candidate%/}
    [ -x "$candidate/bin/javac" ] || continue
    major=$(consenti_java_major "$candidate/bin/java")
    if [ "${major:-0}" -ge 21 ]; then export JAVA_HOME="$candidate"; return 0; fi
  done
  echo "Consenti needs a JDK 21 or newer: none found (set JAVA_HOME to one)." >&2
  return 1
}
consenti_find_jdk || exit 1
export PATH="$JAVA_HOME/bin:$PATH"
# Maven 3.9's Guice warns on every run under JDK 24+; the flag only exists there.
if [ "$(consenti_java_major "$JAVA_HOME/bin/java")" -ge 24 ]; then
  case "${MAVEN_OPTS:-}" in *sun-misc-unsafe*) ;; *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;; esac
fi
