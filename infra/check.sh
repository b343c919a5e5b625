#!/usr/bin/env bash
# Builds, lints and snapshots infra/ with the Bicep CLI from NuGet (infra/tools/Bicep.proj), offline.
# Fails on any warning or error: Bicep reports type errors as warnings, so a warning is a defect.
#
#   bash infra/check.sh               restore, build, lint, snapshot
#   bash infra/check.sh --build-only  restore, build, snapshot (what InfraDriftTests runs)
#
# Writes artifacts/infra/main.json (the ARM template) and artifacts/infra/drift.snapshot.json
# (every resource with names, loops and app settings evaluated for infra/tests/drift.bicepparam).
set -euo pipefail

bicep_version=0.49.2
infra_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(dirname "$infra_dir")"
out_dir="$repo_root/artifacts/infra"

lint=true
case "${1:-}" in
  "") ;;
  --build-only) lint=false ;;
  *) echo "usage: bash infra/check.sh [--build-only]" >&2; exit 2 ;;
esac

dotnet restore "$infra_dir/tools/Bicep.proj" --verbosity quiet >/dev/null

packages="${NUGET_PACKAGES:-}"
if [[ -z "$packages" ]]; then
  packages="$(dotnet nuget locals global-packages --list | sed -n 's/^global-packages: *//p')"
fi
bicep="${packages%/}/azure.bicep.commandline.linux-x64/$bicep_version/tools/bicep"
if [[ ! -f "$bicep" ]]; then
  echo "check.sh: Bicep CLI not found at $bicep after restoring infra/tools/Bicep.proj" >&2
  exit 1
fi
# NuGet does not keep the execute bit when it extracts a package.
[[ -x "$bicep" ]] || chmod +x "$bicep"

mkdir -p "$out_dir"
failed=0

# Runs one Bicep command; any diagnostic line (or a non-zero exit) fails the check.
run() {
  local step="$1"; shift
  local output status=0
  output="$("$bicep" "$@" 2>&1)" || status=$?
  if [[ -n "$output" ]]; then
    printf '%s\n' "$output"
  fi
  if (( status != 0 )) || grep -Eqi '(^|[^a-z])(warning|error)([^a-z]|$)' <<<"$output"; then
    echo "check.sh: bicep $step reported problems (exit $status)" >&2
    failed=1
  fi
}

cd "$infra_dir"
run build build main.bicep --outfile "$out_dir/main.json"
if $lint; then
  run lint lint main.bicep
fi

# The snapshot is written next to the parameters file; move it to artifacts/.
rm -f tests/drift.snapshot.json
run snapshot snapshot tests/drift.bicepparam --mode overwrite \
  --subscription-id 00000000-0000-0000-0000-000000000000 \
  --tenant-id 00000000-0000-0000-0000-000000000000 \
  --location westeurope
if [[ -f tests/drift.snapshot.json ]]; then
  mv tests/drift.snapshot.json "$out_dir/drift.snapshot.json"
  if ! grep -Eq '"diagnostics": *\[\]' "$out_dir/drift.snapshot.json"; then
    echo "check.sh: the snapshot has diagnostics, see $out_dir/drift.snapshot.json" >&2
    failed=1
  fi
else
  echo "check.sh: bicep snapshot wrote no snapshot" >&2
  failed=1
fi

if (( failed )); then
  exit 1
fi
echo "check.sh: infra builds, lints and snapshots clean (bicep $bicep_version) -> ${out_dir#"$repo_root"/}"
