#!/usr/bin/env bash
# Replaces the FSharp.Core.dll that dotnet-interactive / dotnet-repl carry (10.0.0.0) by FSharp.Core 10.1 (what
# Deedle 8.1 and Plotly.NET 6.0 are built against). 10.1 is a superset of 10.0, so the tool keeps working.
# The original is kept as FSharp.Core.dll.orig; run again after the tool updates itself.
# Usage: fix-fsharp-core.sh [TOOL_DIR ...]   (default: search the usual install places)
set -euo pipefail
version=10.1.403
new="${NUGET_PACKAGES:-$HOME/.nuget/packages}/fsharp.core/$version/lib/netstandard2.1/FSharp.Core.dll"
if [[ ! -f "$new" ]]; then
  echo "FSharp.Core $version is not in the NuGet cache: build the repository once (dotnet build) and run again." >&2
  exit 1
fi
roots=("$@")
if [[ ${#roots[@]} -eq 0 ]]; then
  for d in "$HOME/.dotnet/tools/.store/microsoft.dotnet-interactive" "$HOME/.dotnet/tools/.store/dotnet-repl" \
           "$HOME/.nuget/packages/microsoft.dotnet-interactive" "$HOME/.nuget/packages/dotnet-repl" \
           "$HOME/.config/Code/User/globalStorage/ms-dotnettools.dotnet-interactive-vscode" \
           "$HOME/Library/Application Support/Code/User/globalStorage/ms-dotnettools.dotnet-interactive-vscode" \
           "$HOME/.vscode-server/data/User/globalStorage/ms-dotnettools.dotnet-interactive-vscode"; do
    [[ -d "$d" ]] && roots+=("$d")
  done
fi
if [[ ${#roots[@]} -eq 0 ]]; then echo "no dotnet-interactive or dotnet-repl installation found; pass its folder" >&2; exit 1; fi
patched=0
while IFS= read -r -d '' dll; do
  # Only tool folders (next to the tool's own Microsoft.DotNet.Interactive.dll), never a package's lib/ folder.
  [[ -f "$(dirname "$dll")/Microsoft.DotNet.Interactive.dll" ]] || continue
  if cmp -s "$dll" "$new"; then echo "already 10.1: $dll"; continue; fi
  [[ -f "$dll.orig" ]] || cp "$dll" "$dll.orig"
  cp "$new" "$dll"
  echo "patched: $dll"; patched=$((patched + 1))
done < <(find "${roots[@]}" -name FSharp.Core.dll -print0)
echo "$patched file(s) patched. Restart the notebook kernel (VS Code: 'Polyglot Notebook: Restart the current notebook's kernel')."
