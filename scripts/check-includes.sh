#!/usr/bin/env bash
# check-includes.sh - enforce the include layering of src/ (STYLE.md rule 3).
#
# Stages, lowest first; a file may include headers of its own stage and of lower stages only:
#   util < conf < capture = decode < flow < stream < app < detect < output < worker < main.c
# analytics, incident, respond and web are consumers of typed events: they sit with output.
# Quoted includes are resolved against src/ ("decode/decode.h") or the including file's own
# folder; <system> headers and the generated vigie-build.h are not checked. A folder of src/
# that is not in the table fails the check, so a new stage has to be placed here explicitly.
set -euo pipefail
cd "$(dirname "$0")/.."

declare -A rank=(
    [util]=0 [conf]=1 [capture]=2 [decode]=2 [flow]=3 [stream]=4 [app]=5 [detect]=6
    [output]=7 [analytics]=7 [incident]=7 [respond]=7 [web]=7 [worker]=8 [main]=9
)

# stage_of PATH_UNDER_SRC: sets $stage_name to the stage of a file or header path ("main"
# for src/main.c); no subshell, so the check stays fast on a loaded machine
stage_of()
{
    case "$1" in
    */*) stage_name=${1%%/*} ;;
    *) stage_name=main ;;
    esac
}

errors=0
files=0
while IFS= read -r file; do
    files=$((files + 1))
    rel=${file#src/}
    stage_of "$rel"
    stage=$stage_name
    if [ -z "${rank[$stage]+x}" ]; then
        echo "$file: folder '$stage' has no stage in scripts/check-includes.sh"
        errors=$((errors + 1))
        continue
    fi
    dir=.
    [[ $rel == */* ]] && dir=${rel%/*}
    while IFS=: read -r line inc; do
        [ "$inc" = vigie-build.h ] && continue
        if [ -f "src/$inc" ]; then
            target=$inc
        elif [ "$dir" != . ] && [ -f "src/$dir/$inc" ]; then
            target=$dir/$inc
        else
            echo "$file:$line: #include \"$inc\" does not resolve under src/"
            errors=$((errors + 1))
            continue
        fi
        stage_of "$target"
        tstage=$stage_name
        if [ "$tstage" = main ] || [ -z "${rank[$tstage]+x}" ]; then
            echo "$file:$line: #include \"$inc\": not a stage header"
            errors=$((errors + 1))
        elif [ "${rank[$tstage]}" -gt "${rank[$stage]}" ]; then
            echo "$file:$line: $stage must not include $tstage header \"$inc\" (layering)"
            errors=$((errors + 1))
        fi
    done < <(grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$file" |
        sed -E 's/^([0-9]+):[^"]*"([^"]+)".*/\1:\2/')
done < <(find src -type f \( -name '*.c' -o -name '*.h' -o -name '*.def' \) | sort)

if [ "$errors" -ne 0 ]; then
    echo "include layering: $errors violation(s) in $files files"
    exit 1
fi
echo "include layering: $files files OK"
