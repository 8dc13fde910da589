#!/bin/bash
# Runs the Python/GDAL peer pipelines of ../shared/bench on one generated pair and prints
# whole-process wall, CPU and peak RSS (median of RUNS after a warm-up), next to which
# `borderwatch bench --baseline ... --current ... --segments ...` can be read.
#
#   bench/peers.sh DATA_DIR SIZE [RUNS=3] [PEERS="rasterio rasterio_tuned"]   (gdal_cli is slow: opt in)
#
# DATA_DIR holds s2_SIZE_{before,after}.tif and s2_SIZE_segments.geojson from
#   /usr/bin/python3 ../shared/bench/gen_tiles.py --sizes SIZE --out DATA_DIR
# Needs Debian's gdal-bin python3-gdal python3-numpy python3-rasterio python3-scipy python3-shapely python3-pyproj.
set -euo pipefail
PEERDIR=${PEERDIR:-$(cd "$(dirname "$0")/../../shared/bench" 2>/dev/null && pwd || true)}
D=$1; N=$2; RUNS=${3:-3}; PEERS=${4:-"rasterio rasterio_tuned"}
[ -f "$PEERDIR/peer_rasterio.py" ] || { echo "peer scripts not found (set PEERDIR)" >&2; exit 2; }
B="$D/s2_${N}_before.tif"; A="$D/s2_${N}_after.tif"; S="$D/s2_${N}_segments.geojson"
OUT=$(mktemp -d); trap 'rm -rf "$OUT"' EXIT
for p in $PEERS; do
  case $p in
    rasterio) cmd=(/usr/bin/python3 "$PEERDIR/peer_rasterio.py" "$B" "$A" "$S" "$OUT/r") ;;
    rasterio_tuned) cmd=(/usr/bin/python3 "$PEERDIR/peer_rasterio.py" --tuned "$B" "$A" "$S" "$OUT/t") ;;
    gdal_cli) cmd=(bash "$PEERDIR/peer_gdal_cli.sh" "$B" "$A" "$S" "$OUT/g") ;;
    *) echo "unknown peer $p" >&2; exit 2 ;;
  esac
  walls=(); cpus=(); rss=(); last=""
  for i in $(seq 0 "$RUNS"); do
    rm -rf "$OUT"/[rtg]
    /usr/bin/time -f "%e %U %S %M" -o "$OUT/time" "${cmd[@]}" > "$OUT/log" 2>&1
    read -r w u s m < "$OUT/time"
    last=$(grep -E "polygons|alerts" "$OUT/log" | tail -1 || true)
    [ "$i" -eq 0 ] && continue   # warm-up
    walls+=("$w"); cpus+=("$(echo "$u + $s" | bc)"); rss+=("$((m / 1024))")
  done
  med() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
  printf '%-15s size %s: wall %ss (runs %s) cpu %ss peak RSS %s MiB | %s\n' "$p" "$N" "$(med "${walls[@]}")" "${walls[*]}" "$(med "${cpus[@]}")" "$(med "${rss[@]}")" "$last"
done
