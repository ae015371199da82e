#!/bin/sh
# One-shot job for the `temporal-admin-tools` service in docker-compose.yml.
#
# Registers the custom search attributes that ConversationWorkflow upserts, so a call can be
# found in the Temporal UI by tenant, status, intent, emergency flag, outcome and channel.
# Safe to run any number of times: an attribute that already exists is left as it is.
# Exits non-zero (so the app, which waits for this job, does not start) if the server never
# answers or an attribute cannot be registered.
#
# Environment:
#   TEMPORAL_ADDRESS         frontend host:port            (default temporal:7233)
#   TEMPORAL_NAMESPACE       namespace to register into    (default default)
#   SEARCH_ATTRIBUTES_FILE   NAME=Type per line, # comments allowed; the project's list in
#                            temporal-dev/search-attributes.txt is mounted here by compose
#                            (default /dispatch/temporal-dev/search-attributes.txt); when it is
#                            missing, the list below is used
#   WAIT_ATTEMPTS            attempts before giving up     (default 90)
#   WAIT_SECONDS             pause between attempts        (default 2)
set -eu

TEMPORAL_ADDRESS="${TEMPORAL_ADDRESS:-temporal:7233}"
NAMESPACE="${TEMPORAL_NAMESPACE:-default}"
WAIT_ATTEMPTS="${WAIT_ATTEMPTS:-90}"
WAIT_SECONDS="${WAIT_SECONDS:-2}"
SEARCH_ATTRIBUTES_FILE="${SEARCH_ATTRIBUTES_FILE:-/dispatch/temporal-dev/search-attributes.txt}"
export TEMPORAL_ADDRESS

log() { echo "[register-search-attributes] $*"; }

# Fallback when the project's list is not mounted; keep in step with temporal-dev/.
ATTRIBUTES='
DispatchTenant=Keyword
DispatchStatus=Keyword
DispatchIntent=Keyword
DispatchEmergency=Bool
DispatchOutcome=Keyword
DispatchChannel=Keyword
'
if [ -f "$SEARCH_ATTRIBUTES_FILE" ]; then
  ATTRIBUTES=$(sed -e 's/#.*//' -e 's/[[:space:]]//g' -e '/^$/d' "$SEARCH_ATTRIBUTES_FILE")
  log "search attributes from $SEARCH_ATTRIBUTES_FILE"
else
  log "$SEARCH_ATTRIBUTES_FILE not found; using the built-in list"
fi
for pair in $ATTRIBUTES; do
  case "$pair" in
    [A-Za-z]*=Keyword | [A-Za-z]*=Bool | [A-Za-z]*=Int | [A-Za-z]*=Double | [A-Za-z]*=Datetime | \
    [A-Za-z]*=Text | [A-Za-z]*=KeywordList) ;;
    *) log "bad entry '$pair' (want NAME=Keyword|Bool|Int|Double|Datetime|Text|KeywordList)"; exit 1 ;;
  esac
done
if [ -z "$ATTRIBUTES" ]; then
  log "no search attributes to register"
  exit 1
fi

# 1. Wait for the frontend and for the namespace (auto-setup creates `default` in the
#    background once the server is up, so the server can answer before the namespace exists).
attempt=1
until temporal operator namespace describe --namespace "$NAMESPACE" >/dev/null 2>&1; do
  if [ "$attempt" -ge "$WAIT_ATTEMPTS" ]; then
    log "namespace '$NAMESPACE' on $TEMPORAL_ADDRESS not reachable after $attempt attempts; last error:"
    temporal operator namespace describe --namespace "$NAMESPACE" || true
    exit 1
  fi
  log "waiting for Temporal at $TEMPORAL_ADDRESS, namespace '$NAMESPACE' (attempt $attempt/$WAIT_ATTEMPTS)"
  attempt=$((attempt + 1))
  sleep "$WAIT_SECONDS"
done
log "namespace '$NAMESPACE' is available on $TEMPORAL_ADDRESS"

# 2. Create each attribute; older servers answer "already exists" as an error, newer ones
#    accept the request silently: both mean the attribute is there.
for pair in $ATTRIBUTES; do
  name="${pair%%=*}"
  type="${pair#*=}"
  attempt=1
  while :; do
    if out=$(temporal operator search-attribute create --namespace "$NAMESPACE" \
        --name "$name" --type "$type" 2>&1); then
      log "registered $name ($type)"
      break
    fi
    case "$out" in
      *"already exists"* | *"AlreadyExists"*)
        log "$name already registered"
        break
        ;;
    esac
    if [ "$attempt" -ge "$WAIT_ATTEMPTS" ]; then
      log "could not register $name ($type): $out"
      exit 1
    fi
    log "retrying $name ($type) after: $out"
    attempt=$((attempt + 1))
    sleep "$WAIT_SECONDS"
  done
done

# 3. Check that the namespace now lists every attribute (catches a name registered earlier with
#    another type only by eye: the listing is printed for the log).
listing=$(temporal operator search-attribute list --namespace "$NAMESPACE")
missing=""
for pair in $ATTRIBUTES; do
  name="${pair%%=*}"
  printf '%s\n' "$listing" | grep -qw "$name" || missing="$missing $name"
done
printf '%s\n' "$listing"
if [ -n "$missing" ]; then
  log "missing after registration:$missing"
  exit 1
fi
log "all custom search attributes are registered in namespace '$NAMESPACE'"
