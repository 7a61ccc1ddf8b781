#!/usr/bin/env bash
# Back up a sensory_games data folder into one dated archive (docs/deploy.md, "Backups").
#
#   sudo deploy/linux/backup-data.sh /media/backup            # the kiosk's folder
#   deploy/linux/backup-data.sh /media/backup ~/.local/share/sensory_games/sensory_games
#
# The archive sensory-games-<host>-<UTC time>.tar.gz holds the whole data folder: the
# attempt log sensory_games.db with its -wal and -shm files (the three belong together:
# the newest attempts may still be in -wal), adult-pin (the PIN's hash), clinic-secret
# (without it, pseudonymised codes change), errors.log, exports/, recovered/ and any
# unsaved-*.json. While the kiosk service runs, it is stopped for the copy (a child's
# running attempt is saved as aborted first) and started again, whatever happens; run it
# when the clinic is closed (a cron line is in docs/deploy.md).
#
# Restore (on the same device, or a new one replacing it; never to make a second device
# from one: two devices would then share one device id, and merges need them distinct):
#   sudo systemctl stop sensory-games-kiosk
#   sudo tar -xzf sensory-games-HOST-TIME.tar.gz -C /var/lib --same-owner   # folder sensory-games/
#   sudo chown -R kiosk: /var/lib/sensory-games && sudo systemctl start sensory-games-kiosk
# The archive's folder name is the data folder's own name (sensory-games/ for the kiosk).
set -euo pipefail

DEST="${1:-}"
DATA_DIR="${2:-/var/lib/sensory-games}"
SERVICE="${SERVICE:-sensory-games-kiosk.service}"
KEEP="${KEEP:-30}"   # archives of this device kept in DEST; older ones are removed

say() { printf 'backup-data: %s\n' "$*"; }
fail() { printf 'backup-data: %s\n' "$*" >&2; exit 1; }

[[ -n "$DEST" ]] || fail "usage: $0 DESTINATION_FOLDER [DATA_FOLDER]"
[[ -d "$DEST" && -w "$DEST" ]] || fail "$DEST: not a folder this user can write to"
[[ -f "$DATA_DIR/sensory_games.db" ]] || fail "$DATA_DIR: no attempt log (sensory_games.db) there"
[[ "$KEEP" =~ ^[1-9][0-9]*$ ]] || fail "KEEP=$KEEP: must be a whole number from 1"

HOST="$(hostname -s 2>/dev/null || hostname)"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
ARCHIVE="$DEST/sensory-games-${HOST}-${STAMP}.tar.gz"
PARTIAL="$ARCHIVE.partial"

# Stop the app while its files are copied, so the log, -wal and -shm are one moment's.
restart=0
if command -v systemctl >/dev/null && systemctl is-active --quiet "$SERVICE" 2>/dev/null; then
    systemctl stop "$SERVICE"
    restart=1
fi
finish() {
    rm -f -- "$PARTIAL"
    if [[ $restart -eq 1 ]]; then
        systemctl start "$SERVICE"
    fi
}
trap finish EXIT

# Written under another name and renamed when whole: a full disk or a pulled stick never
# leaves a half archive that looks like a backup.
tar -czf "$PARTIAL" -C "$(dirname -- "$DATA_DIR")" "$(basename -- "$DATA_DIR")"
tar -tzf "$PARTIAL" >/dev/null   # it reads back
sync -- "$PARTIAL" 2>/dev/null || sync
mv -- "$PARTIAL" "$ARCHIVE"
chmod 0600 "$ARCHIVE"   # health data and the PIN's hash: the backup's owner only
say "wrote $ARCHIVE ($(du -h -- "$ARCHIVE" | cut -f1))"

# Keep the newest $KEEP archives of this device.
mapfile -t old < <(find "$DEST" -maxdepth 1 -name "sensory-games-${HOST}-*.tar.gz" -printf '%f\n' \
    | sort -r | tail -n +"$((KEEP + 1))")
for name in "${old[@]}"; do
    rm -f -- "${DEST:?}/$name"
    say "removed the older $name"
done
