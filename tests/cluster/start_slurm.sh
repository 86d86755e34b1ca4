#!/usr/bin/env bash
# Start a real one-node SLURM cluster on this machine (Debian 12, no systemd), for the SLURM
# workflow test and for trying the slurm profile. Run as root; idempotent (a running cluster is
# left alone). Installs the Debian packages when they are missing.
#
#   sudo tests/cluster/start_slurm.sh
#
# No accounting database: jobs are recorded by SLURM's own job-completion log
# (JobCompType=jobcomp/filetxt, /var/log/slurm/jobcomp.log), and Snakemake polls job states
# with squeue (--slurm-status-command squeue --slurm-no-account, see config/profiles/slurm).
set -euo pipefail

if [ "$(id -u)" -ne 0 ]; then
    echo "start_slurm.sh: run as root (it writes /etc/slurm and starts daemons)" >&2
    exit 1
fi
if sinfo -h -o '%T' 2>/dev/null | grep -qx idle; then
    echo "SLURM already running: $(sinfo -h -o '%N %T %c CPUs %m MB')"
    exit 0
fi
if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        slurmctld slurmd slurm-client munge >/dev/null
fi

host=$(hostname -s)
cpus=$(nproc)
mem_mb=$(awk '/MemTotal/ {print int($2 / 1024)}' /proc/meminfo)
node_mem=$((mem_mb - 2048))                 # leave room for the OS and the daemons

mkdir -p /etc/slurm /var/spool/slurmctld /var/spool/slurmd /var/log/slurm /run/munge
# The executor's job step strips SLURM_CONF, so the file must be at the default path.
cat > /etc/slurm/slurm.conf <<CONF
ClusterName=traaser-test
SlurmctldHost=${host}(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=/var/log/slurm/jobcomp.log
JobAcctGatherType=jobacct_gather/none
MinJobAge=600
ReturnToService=2
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
NodeName=${host} NodeAddr=127.0.0.1 CPUs=${cpus} RealMemory=${node_mem} State=UNKNOWN
PartitionName=main Nodes=${host} Default=YES MaxTime=INFINITE State=UP
CONF

if [ ! -s /etc/munge/munge.key ]; then
    mkdir -p /etc/munge
    dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key 2>/dev/null
fi
chown -R munge:munge /etc/munge /run/munge /var/lib/munge /var/log/munge 2>/dev/null || true
chmod 400 /etc/munge/munge.key
pgrep -x munged >/dev/null || su -s /bin/sh munge -c /usr/sbin/munged
pgrep -x slurmctld >/dev/null || slurmctld
pgrep -x slurmd >/dev/null || slurmd

for _ in $(seq 1 100); do
    if sinfo -h -o '%T' 2>/dev/null | grep -qx idle; then
        echo "SLURM running: $(sinfo -h -o '%N %T %c CPUs %m MB')"
        exit 0
    fi
    sleep 0.2
done
echo "start_slurm.sh: the node did not become idle; see /var/log/slurm/slurmctld.log and slurmd.log" >&2
sinfo >&2 || true
exit 1
