#!/usr/bin/env bash
# The files the images are made of, laid out as they appear in an image; Jib turns each folder into a layer
# (operations/images/pom.xml). Run by the build (exec-maven-plugin, prepare-package) as
#
#   image-files.sh <java-home> <jlink-modules> <exec-jars-dir> <output-dir> <services...>
#
# (<jlink-modules> "-": an empty base, for images built on a registry's Java image)
# and writes
#
#   <output-dir>/base/                      a root file system with no distribution in it: a Java runtime made by
#       opt/java/                           jlink from <java-home>, the shared libraries that runtime links to
#       lib64/ld-linux-x86-64.so.2          (copied from this machine, as ldd finds them), /etc/passwd and /etc/group
#       lib/x86_64-linux-gnu/...            naming the one user the services run as, and an empty /tmp
#       etc/passwd, etc/group, tmp/
#   <output-dir>/<service>/dependencies/    the service's exec jar, extracted by Spring Boot's own tool into the
#   <output-dir>/<service>/application/     layout `java -jar /app/<service>.jar` runs: the released libraries, which
#                                           rarely change, apart from the project's own code
#
# The runtime is made again only when <java-home> or the modules change (<output-dir>/base.made-from says what it was
# made from); a service's files only when its exec jar changes (<output-dir>/<service>.made-from).
set -euo pipefail

if [[ $# -lt 5 ]]; then
  echo "usage: $0 <java-home> <jlink-modules> <exec-jars-dir> <output-dir> <services...>" >&2
  exit 2
fi
java_home=$1
modules=$2
jars=$3
out=$4
shift 4

# The user every image runs as: not root, and a number Kubernetes can check (runAsNonRoot) without /etc/passwd.
# 65532 is the "nonroot" user of the distroless images, so volumes prepared for those fit these.
uid=65532

base=$out/base
stamp="$java_home $modules uid=$uid"
if [[ $modules == "-" ]]; then
  # an empty folder: Jib wants every folder it is given to exist
  rm -rf "$base" "$base.made-from"
  mkdir -p "$base"
  echo "image-files: no base files (the images are built on a registry's Java image)"
elif [[ -f $base.made-from && "$(cat "$base.made-from")" == "$stamp" ]]; then
  echo "image-files: base up to date ($base)"
else
  rm -rf "$base" "$base.made-from"
  mkdir -p "$base"

  # A Java runtime with only the modules a Spring Boot service uses. No debug symbols, headers or man pages: nobody
  # compiles or debugs natively inside the container.
  if ! "$java_home/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
      --output "$base/opt/java"; then
    echo "image-files: jlink failed; the build needs a JDK whose jlink can link a runtime (one with jmods," \
      "e.g. Debian's openjdk-17-jdk-headless or Temurin 17/21), not a JRE" >&2
    exit 1
  fi
  # jlink links each module's legal notices to java.base's; a layer holds files, so keep copies instead of links
  find "$base/opt/java/legal" -type l | while read -r link; do
    cp --remove-destination "$(readlink -f "$link")" "$link"
  done

  # The shared libraries the runtime needs, where its dynamic loader looks for them (ldd prints the host's paths,
  # which the image repeats). libjvm.so is the runtime's own (lib/server, found through its RUNPATH when it is
  # loaded), so ldd of a library beside it cannot see it; anything else it cannot find is only named: on a machine
  # without X11 or ALSA, the desktop and sound libraries of java.desktop stay unresolved, and a service never loads them.
  {
    ldd "$base/opt/java/bin/java"
    find "$base/opt/java/lib" -name '*.so' -exec ldd {} \;
  } | awk '
      $2 == "=>" && $3 ~ /^\// { print $3 }               # libz.so.1 => /lib/x86_64-linux-gnu/libz.so.1 (0x...)
      $1 ~ /^\// && $2 ~ /^\(0x/ { print $1 }             # /lib64/ld-linux-x86-64.so.2 (0x...): the loader
      $3 == "not" && $1 != "libjvm.so" { print "missing " $1 > "/dev/stderr" }
    ' | sort -u | while read -r library; do
    case $library in "$base"/*) continue ;; esac     # the runtime's own
    mkdir -p "$base$(dirname "$library")"
    cp -L "$library" "$base$library"                 # the file itself, never a link into the build machine
  done
  if [[ ! -f $base/lib64/ld-linux-x86-64.so.2 ]]; then
    echo "image-files: ldd named no /lib64/ld-linux-x86-64.so.2; only x86-64 glibc build machines are supported" >&2
    exit 1
  fi

  mkdir -p "$base/etc" "$base/tmp" "$base/home/nonroot"
  printf 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:%s:%s:nonroot:/home/nonroot:/sbin/nologin\n' "$uid" "$uid" \
    >"$base/etc/passwd"
  printf 'root:x:0:\nnonroot:x:%s:\n' "$uid" >"$base/etc/group"
  # without this file glibc asks DNS before /etc/hosts; Kubernetes writes /etc/hosts and /etc/resolv.conf itself
  printf 'passwd: files\ngroup: files\nhosts: files dns\n' >"$base/etc/nsswitch.conf"

  echo "$stamp" >"$base.made-from"
  echo "image-files: base made from $java_home: $(du -sh "$base" | cut -f1)"
fi

for service in "$@"; do
  jar=$jars/$service-exec.jar
  if [[ ! -f $jar ]]; then
    echo "image-files: no $jar (the build copies each service's exec jar there first)" >&2
    exit 1
  fi
  # the same jar again: keep the files, and with their times Jib's cache of the layers it made from them
  made_from=$(sha256sum "$jar" | cut -d' ' -f1)
  if [[ -f $out/$service.made-from && "$(cat "$out/$service.made-from")" == "$made_from" ]]; then
    echo "image-files: $service up to date"
    continue
  fi
  rm -rf "${out:?}/$service" "$out/$service.made-from"
  # Boot's own layering: released libraries (dependencies), snapshots, the loader and the application, each a
  # folder holding <service>.jar or lib/*.jar; empty ones (no snapshot dependency, no loader with -jar) are skipped
  "$java_home/bin/java" -Djarmode=tools -jar "$jar" extract --layers --application-filename "$service.jar" \
    --destination "$out/$service" >/dev/null
  echo "$made_from" >"$out/$service.made-from"
  echo "image-files: $service extracted"
done
