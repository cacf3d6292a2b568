#!/usr/bin/env bash
# Speed of reckon's whole `site compare` against the Orfeo ToolBox's MAD alone
# (otbcli_MultivariateAlterationDetector, Debian otb-bin), on one image pair timed in the same
# run: an N x N x 3-band pair (default 8000) made by tiling the LEVIR-CD crops of
# ../shared/data/change (before from A/, after from B/, the same tile order for both) into a
# georeferenced Byte GeoTIFF each, in a temporary folder. CPU and wall seconds and peak RSS
# come from /usr/bin/time -v. Prints
#   RESULT site_vs_otb_speed <OTB wall / reckon wall> x
#   RESULT site_vs_otb_cpu_speed <OTB CPU / reckon CPU> x
#   RESULT site_compare_peak_rss <MB> MB
# and the raw figures of both. Skips (exit 0, with a message) when OTB, /usr/bin/time,
# gdal_translate or the shared data is absent: OTB is optional, for this bench only.
#
#   bench/site_otb.sh [--size N] [--keep DIR]      (RECKON=path/to/reckon, default build/reckon)
set -euo pipefail
cd "$(dirname "$0")/.."
reckon=${RECKON:-build/reckon}
data=${RECKON_CHANGE_DATA:-../shared/data/change}/levir-cd
size=8000
keep=""
while [ $# -gt 0 ]; do
  case $1 in
    --size) size=$2; shift 2 ;;
    --keep) keep=$2; shift 2 ;;
    -h|--help) sed -n 2,14p "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "site_otb: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
skip() { echo "site_otb: skipped: $*" >&2; exit 0; }
command -v otbcli_MultivariateAlterationDetector >/dev/null ||
  skip "otbcli_MultivariateAlterationDetector not found (apt-get install otb-bin; optional, for this bench only)"
[ -x /usr/bin/time ] || skip "/usr/bin/time not found (apt-get install time)"
command -v gdal_translate >/dev/null || skip "gdal_translate not found (apt-get install gdal-bin)"
[ -d "$data/A" ] && [ -d "$data/B" ] || skip "no LEVIR-CD crops at $data"
[ -x "$reckon" ] || { echo "site_otb: $reckon not built (scripts/build)" >&2; exit 1; }

if [ -n "$keep" ]; then work=$keep; mkdir -p "$work"; else
  work=$(mktemp -d "${TMPDIR:-/tmp}/reckon-site-otb.XXXXXX")
  trap 'rm -rf "$work"' EXIT
fi
mapfile -t crops < <(cd "$data/A" && ls ./*.png | sed 's|^\./||' | sort)
[ ${#crops[@]} -gt 0 ] || skip "no crops in $data/A"

# A VRT placing crop k = (tx + 3 ty) mod n at tile (tx, ty), each band a SimpleSource (the
# edge tiles cut to the image), then written as a tiled GeoTIFF in UTM 39N at 0.5 m pixels.
mosaic() {  # folder output.tif
  local folder=$1 out=$2 vrt=$work/$(basename "$2" .tif).vrt
  awk -v size="$size" -v dir="$(cd "$folder" && pwd)" -v list="${crops[*]}" 'BEGIN {
    n = split(list, crop, " "); t = 256
    printf "<VRTDataset rasterXSize=\"%d\" rasterYSize=\"%d\">\n", size, size
    for (b = 1; b <= 3; b++) {
      printf " <VRTRasterBand dataType=\"Byte\" band=\"%d\">\n", b
      k = 0
      for (y = 0; y < size; y += t) for (x = 0; x < size; x += t) {
        w = (size - x < t) ? size - x : t; h = (size - y < t) ? size - y : t
        c = crop[((x / t) + 3 * (y / t)) % n + 1]
        printf "  <SimpleSource><SourceFilename relativeToVRT=\"0\">%s/%s</SourceFilename>", dir, c
        printf "<SourceBand>%d</SourceBand><SrcRect xOff=\"0\" yOff=\"0\" xSize=\"%d\" ySize=\"%d\"/>", b, w, h
        printf "<DstRect xOff=\"%d\" yOff=\"%d\" xSize=\"%d\" ySize=\"%d\"/></SimpleSource>\n", x, y, w, h
      }
      printf " </VRTRasterBand>\n"
    }
    printf "</VRTDataset>\n" }' >"$vrt"
  gdal_translate -q -of GTiff -co TILED=YES -co BLOCKXSIZE=512 -co BLOCKYSIZE=512 -a_srs EPSG:32639 \
    -a_ullr 400000 6200000 $((400000 + size / 2)) $((6200000 - size / 2)) "$vrt" "$out"
}
echo "site_otb: building the ${size} x ${size} x 3 pair in $work" >&2
mosaic "$data/A" "$work/before.tif"
mosaic "$data/B" "$work/after.tif"

# timed NAME COMMAND...: runs it under /usr/bin/time -v; sets NAME_wall, NAME_cpu, NAME_rss_mb.
timed() {
  local name=$1; shift
  local log=$work/$name.time
  if ! /usr/bin/time -v "$@" >"$work/$name.out" 2>"$log"; then
    echo "site_otb: $name failed:" >&2; tail -20 "$log" >&2; exit 1
  fi
  local wall user sys rss
  wall=$(sed -n 's/^.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$log" |
    awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }')
  user=$(sed -n 's/^.*User time (seconds): //p' "$log")
  sys=$(sed -n 's/^.*System time (seconds): //p' "$log")
  rss=$(sed -n 's/^.*Maximum resident set size (kbytes): //p' "$log")
  printf -v "${name}_wall" '%s' "$wall"
  printf -v "${name}_cpu" '%s' "$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')"
  printf -v "${name}_rss_mb" '%s' "$(awk -v k="$rss" 'BEGIN { printf "%.0f", k / 1024 }')"
}

echo "site_otb: OTB MultivariateAlterationDetector" >&2
timed otb otbcli_MultivariateAlterationDetector -in1 "$work/before.tif" -in2 "$work/after.tif" \
  -out "$work/mad.tif" float
rm -f "$work/mad.tif"
echo "site_otb: reckon site compare" >&2
timed reckon "$reckon" site compare "$work/before.tif" "$work/after.tif" --out "$work/reckon-out"

echo "otb    MAD only:            wall ${otb_wall} s, cpu ${otb_cpu} s, peak RSS ${otb_rss_mb} MB"
echo "reckon site compare (all): wall ${reckon_wall} s, cpu ${reckon_cpu} s, peak RSS ${reckon_rss_mb} MB"
echo "pair: ${size} x ${size} x 3 (Byte GeoTIFF, tiled 512); $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"
awk -v o="$otb_wall" -v r="$reckon_wall" 'BEGIN { printf "RESULT site_vs_otb_speed %.2f x\n", (r > 0 ? o / r : 0) }'
# The same ratio on CPU seconds (user + system): steadier than wall time on a loaded machine.
awk -v o="$otb_cpu" -v r="$reckon_cpu" 'BEGIN { printf "RESULT site_vs_otb_cpu_speed %.2f x\n", (r > 0 ? o / r : 0) }'
echo "RESULT site_compare_peak_rss ${reckon_rss_mb} MB"
