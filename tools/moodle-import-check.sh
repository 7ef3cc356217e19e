#!/bin/sh
# Import tdgrad's moodle.xml into a real Moodle and print what Moodle made of it.
#
#   sudo tools/moodle-import-check.sh output/td1-random/moodle.xml [MOODLE_BRANCH]
#
# On a fresh Debian 12 (bookworm) machine, as root: installs PHP 8.2 and PostgreSQL from apt,
# clones Moodle (default branch MOODLE_500_STABLE, i.e. Moodle 5.0) into /opt/moodle-check/moodle,
# installs a site from the command line (admin/cli/install.php), creates a course, imports the
# XML through qformat_xml (the code behind Question bank > Import) with tools/moodle_import.php,
# and prints the number of questions imported, per type, and every error or notice the importer
# gave (max_input_vars raised: Moodle's environment check wants 5000). Exit 0 when every question
# was imported, 1 otherwise. Not run by `make test` (it needs
# the network and a few minutes); running it again reuses the site.
set -eu

XML=$(readlink -f "${1:?usage: $0 moodle.xml [MOODLE_BRANCH]}")
BRANCH=${2:-MOODLE_500_STABLE}
HERE=$(dirname "$(readlink -f "$0")")
ROOT=/opt/moodle-check
WWW=$ROOT/moodle
DATA=$ROOT/moodledata
DB=tdgrad_moodle_check

[ -r "$XML" ] || { echo "$XML: no such file" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "run as root (apt-get, postgres, www-data)" >&2; exit 2; }

export DEBIAN_FRONTEND=noninteractive
if ! command -v php >/dev/null || ! command -v psql >/dev/null; then
    apt-get update -qq
    # Moodle 5.0 needs PHP >= 8.2 with these extensions (admin/environment.xml)
    apt-get install -y -qq --no-install-recommends git ca-certificates postgresql \
        php-cli php-pgsql php-curl php-gd php-intl php-mbstring php-xml php-zip php-soap \
        php-bcmath php-readline >/dev/null
fi
service postgresql start >/dev/null 2>&1 || pg_ctlcluster --skip-systemctl-redirect 15 main start || true

if ! su postgres -c "psql -tAc \"SELECT 1 FROM pg_roles WHERE rolname='moodle'\"" | grep -q 1; then
    su postgres -c "psql -qc \"CREATE USER moodle WITH PASSWORD 'moodle'\""
fi
if ! su postgres -c "psql -tAc \"SELECT 1 FROM pg_database WHERE datname='$DB'\"" | grep -q 1; then
    su postgres -c "createdb -O moodle -E UTF8 $DB"
fi

mkdir -p "$ROOT" "$DATA"
if [ ! -d "$WWW/.git" ]; then
    git clone --depth 1 --branch "$BRANCH" https://github.com/moodle/moodle.git "$WWW"
fi
chown -R www-data:www-data "$DATA"

if [ ! -f "$WWW/config.php" ]; then
    chown -R www-data:www-data "$WWW"  # install.php writes config.php there
    su www-data -s /bin/sh -c "php -d max_input_vars=5000 $WWW/admin/cli/install.php --non-interactive --agree-license \
        --lang=en --wwwroot=http://localhost/moodle --dataroot=$DATA \
        --dbtype=pgsql --dbhost=localhost --dbname=$DB --dbuser=moodle --dbpass=moodle \
        --fullname='tdgrad import check' --shortname=tdgradcheck \
        --adminuser=admin --adminpass='Admin-1234' --adminemail=admin@example.com" >/dev/null
fi

cp "$HERE/moodle_import.php" "$WWW/admin/cli/tdgrad_import.php"
cp "$XML" "$DATA/tdgrad-import.xml"
chown www-data "$DATA/tdgrad-import.xml"
su www-data -s /bin/sh -c "php -d max_input_vars=5000 $WWW/admin/cli/tdgrad_import.php $DATA/tdgrad-import.xml"
