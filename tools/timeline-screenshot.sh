#!/usr/bin/env bash
# Renders a reproducer's timeline (`lu replay FILE --timeline`) in headless
# Chromium and saves a screenshot; with --check, also checks the PNG: its size
# is the window's, and it is a picture (many colours, ink, the red of a failure
# marker when the run fails). Works as root and with no display.
set -euo pipefail

usage() {
    cat <<EOF
usage: $0 [--lu BIN] [--size WxH] [--check] FILE.lu OUT.png

  --lu BIN    the lu binary (default: build/default/tools/lu of this checkout)
  --size WxH  the browser window, hence the screenshot (default: 1400x700)
  --check     check the screenshot is a real picture of the timeline
Exit: 0 done, 1 the check failed, 2 bad usage or a tool failed, 77 no Chromium.
EOF
}

ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
LU=$ROOT/build/default/tools/lu
SIZE=1400x700
CHECK=0
ARGS=()
while (($#)); do
    case $1 in
        --lu) LU=$2; shift ;;
        --size) SIZE=$2; shift ;;
        --check) CHECK=1 ;;
        -h | --help) usage; exit 0 ;;
        -*) usage >&2; exit 2 ;;
        *) ARGS+=("$1") ;;
    esac
    shift
done
((${#ARGS[@]} == 2)) || { usage >&2; exit 2; }
FILE=${ARGS[0]} OUT=${ARGS[1]}
[[ $SIZE =~ ^([0-9]+)x([0-9]+)$ ]] || { echo "$0: bad --size $SIZE" >&2; exit 2; }
WIDTH=${BASH_REMATCH[1]} HEIGHT=${BASH_REMATCH[2]}

BROWSER=
for b in chromium chromium-browser google-chrome; do
    if command -v "$b" >/dev/null 2>&1; then BROWSER=$(command -v "$b"); break; fi
done
[[ -n $BROWSER ]] || { echo "$0: no Chromium found (apt-get install chromium)" >&2; exit 77; }

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
HTML=$WORK/timeline.html

# lu replay exits 1 when the reproducer fails, which is what it is for.
status=0
"$LU" replay "$FILE" --timeline "$HTML" >"$WORK/replay.log" 2>&1 || status=$?
if ((status > 1)) || [[ ! -s $HTML ]]; then
    cat "$WORK/replay.log" >&2
    echo "$0: lu replay failed (exit $status)" >&2
    exit 2
fi
FAILS=$status

# Headless needs no display; --no-sandbox lets it run as root; a profile of
# its own keeps parallel runs apart; /dev/shm is small in containers.
mkdir -p "$(dirname "$OUT")"
rm -f "$OUT"
if ! "$BROWSER" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage \
    --hide-scrollbars --no-first-run --user-data-dir="$WORK/profile" \
    --window-size="$WIDTH,$HEIGHT" --screenshot="$OUT" "file://$HTML" \
    >"$WORK/browser.log" 2>&1 || [[ ! -s $OUT ]]; then
    cat "$WORK/browser.log" >&2
    echo "$0: $BROWSER took no screenshot" >&2
    exit 2
fi
echo "screenshot: $OUT (${WIDTH}x${HEIGHT})"
((CHECK)) || exit 0

# The check: decode the PNG (8-bit RGB or RGBA, as Chromium writes it) with
# the standard library only, then count colours, ink and failure red.
python3 - "$OUT" "$WIDTH" "$HEIGHT" "$FAILS" <<'EOF'
import struct, sys, zlib

path, want_w, want_h, fails = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4] == "1"
data = open(path, "rb").read()
def bad(msg):
    print(f"check: {path}: {msg}", file=sys.stderr)
    sys.exit(1)
if data[:8] != b"\x89PNG\r\n\x1a\n":
    bad("not a PNG")
pos, idat, ihdr = 8, b"", None
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b"IHDR":
        ihdr = struct.unpack(">IIBBBBB", body)
    elif kind == b"IDAT":
        idat += body
    pos += 12 + n
if not ihdr:
    bad("no IHDR")
w, h, depth, ctype, _, _, interlace = ihdr
if (w, h) != (want_w, want_h):
    bad(f"{w}x{h}, expected {want_w}x{want_h}")
if depth != 8 or ctype not in (2, 6) or interlace:
    bad(f"unexpected format: depth {depth}, colour type {ctype}, interlace {interlace}")
bpp = 3 if ctype == 2 else 4
raw, stride = zlib.decompress(idat), w * bpp
rows, prev, at = [], bytearray(stride), 0
for _ in range(h):
    f, line = raw[at], bytearray(raw[at + 1:at + 1 + stride])
    at += 1 + stride
    for i in range(stride):
        a = line[i - bpp] if i >= bpp else 0
        b, c = prev[i], prev[i - bpp] if i >= bpp else 0
        if f == 1: line[i] = (line[i] + a) & 255
        elif f == 2: line[i] = (line[i] + b) & 255
        elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    rows.append(bytes(line))
    prev = line
colours, ink, red = set(), 0, 0
for line in rows:
    for i in range(0, stride, bpp):
        r, g, b = line[i], line[i + 1], line[i + 2]
        colours.add((r, g, b))
        if r + g + b < 600: ink += 1
        if r > 190 and g < 70 and b < 70: red += 1
share = ink / (w * h)
print(f"check: {w}x{h}, {len(colours)} colours, {share:.1%} ink, {red} failure-red pixels")
if len(colours) < 400: bad(f"only {len(colours)} distinct colours: blank or unstyled")
if share < 0.03: bad(f"only {share:.1%} of the pixels are ink: nearly blank")
if fails and red < 300: bad(f"the run fails but only {red} pixels are failure red: no marker")
EOF
