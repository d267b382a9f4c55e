package compose

import (
	"path"
	"strings"

	"github.com/seaworthy-dev/seaworthy/rules"
)

// rawDevice reports host devices that give direct access to memory, I/O
// ports or disks: reading or writing them bypasses every file permission.
func rawDevice(dev string) bool {
	switch dev {
	case "/dev/mem", "/dev/kmem", "/dev/port":
		return true
	}
	for _, p := range []string{"/dev/disk/", "/dev/mapper/"} {
		if strings.HasPrefix(dev, p) {
			return true
		}
	}
	name := strings.TrimPrefix(dev, "/dev/")
	if name == dev || strings.Contains(name, "/") {
		return false
	}
	for _, p := range []string{"sd", "hd", "vd", "xvd", "nvme", "mmcblk", "dm-", "md"} {
		if strings.HasPrefix(name, p) && len(name) > len(p) {
			return true
		}
	}
	return false
}

// narrowDevice reports devices that are common and expose little: FUSE,
// TUN, GPUs through DRI, sound.
func narrowDevice(dev string) bool {
	for _, p := range []string{"/dev/fuse", "/dev/net/tun", "/dev/dri", "/dev/snd"} {
		if dev == p || strings.HasPrefix(dev, p+"/") {
			return true
		}
	}
	return false
}

// runDevices reports the devices raw selects (raw ones or the others).
func runDevices(p *rules.Pass, raw bool) {
	for _, s := range services(p) {
		for _, d := range s.Devices() {
			dev := d.Source
			if strings.Contains(dev, "=") { // a CDI name (nvidia.com/gpu=all)
				continue
			}
			if strings.HasPrefix(dev, "/") {
				dev = path.Clean(dev)
			}
			switch {
			case raw && rawDevice(dev):
				reportValue(p, d.At(), "service %q gets host device %s, raw access to host memory or disks that bypasses every file permission", s.Name, written(d.At()))
			case !raw && !rawDevice(dev) && !narrowDevice(dev):
				reportValue(p, d.At(), "service %q gets host device %s; make sure it needs it, and grant it read-only (:r) when it can", s.Name, written(d.At()))
			}
		}
		if raw {
			continue
		}
		for _, n := range s.List("device_cgroup_rules") {
			v, ok := n.Value()
			if f := strings.Fields(v); ok && len(f) >= 2 && (f[0] == "a" || f[0] == "b" && strings.HasPrefix(f[1], "*")) {
				reportValue(p, n, "service %q allows device access %s, which covers %s", s.Name, written(n), map[bool]string{true: "every device", false: "every block device"}[f[0] == "a"])
			}
		}
	}
}
