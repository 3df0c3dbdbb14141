# Sourced by quickstart.sh and serve.sh: their one option, --dry-run, and -h/--help (the caller's usage()).
# shellcheck shell=bash

# Sets DRY_RUN to 1 for --dry-run (else 0); prints usage() and exits for --help (0) or anything else (2).
# shellcheck disable=SC2034 # DRY_RUN is read by the sourcing script.
parse_dry_run_option() {
  DRY_RUN=0
  local arg
  for arg in "$@"; do
    case "$arg" in
      --dry-run) DRY_RUN=1 ;;
      -h | --help)
        usage
        exit 0
        ;;
      *)
        usage >&2
        exit 2
        ;;
    esac
  done
}
