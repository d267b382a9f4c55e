package compose

import (
	"path"
	"strings"

	"github.com/seaworthy-dev/seaworthy/parser/compose"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// hostPath returns the cleaned host path a mount binds, and whether it is a
// host path at all (not a named volume, tmpfs, or a path relative to the
// project). A named volume whose driver_opts bind a folder is a bind in
// the model (compose.Volume.Named), so it counts too.
func hostPath(_ *rules.Pass, v compose.Volume) (string, bool) {
	src := strings.TrimSpace(v.Source)
	switch v.Type {
	case "bind", "npipe":
	default:
		return "", false
	}
	if isDockerPipe(src) {
		return src, true
	}
	if strings.HasPrefix(src, "~") {
		src = "/home/~" + strings.TrimPrefix(src, "~")
	}
	if !strings.HasPrefix(src, "/") {
		return "", false
	}
	return path.Clean(src), true
}

func isDockerPipe(src string) bool {
	return strings.EqualFold(strings.ReplaceAll(src, "/", `\`), `\\.\pipe\docker_engine`)
}

// runtimeSockets are the container runtimes' API sockets.
var runtimeSockets = map[string]bool{
	"/var/run/docker.sock":                true,
	"/run/docker.sock":                    true,
	"/run/containerd/containerd.sock":     true,
	"/var/run/containerd/containerd.sock": true,
	"/var/run/crio/crio.sock":             true,
	"/run/crio/crio.sock":                 true,
	"/run/podman/podman.sock":             true,
	"/var/run/podman/podman.sock":         true,
}

// isRuntimeSocket reports a runtime socket, or a folder that holds one.
func isRuntimeSocket(p string) bool {
	switch {
	case runtimeSockets[p], isDockerPipe(p), p == "/var/run", p == "/run":
		return true
	case strings.HasSuffix(p, "/docker.sock"), strings.HasSuffix(p, "/podman.sock"),
		strings.HasSuffix(p, "/containerd.sock"), strings.HasSuffix(p, "/crio.sock"):
		return true // rootless sockets: /run/user/1000/docker.sock, $XDG_RUNTIME_DIR/...
	}
	return false
}

// sensitiveRoots are host folders whose content (or control) belongs to the
// host: a mount at or below one of them is sensitive.
var sensitiveRoots = []string{
	"/etc", "/proc", "/sys", "/dev", "/boot", "/root", "/var/lib/docker",
	"/var/lib/kubelet", "/var/lib/containerd", "/var/run", "/run", "/usr", "/lib",
	"/lib64", "/lib32", "/bin", "/sbin",
}

// credentialDirs are per-user folders that hold credentials, in any home.
var credentialDirs = map[string]bool{".ssh": true, ".aws": true, ".docker": true, ".kube": true, ".gnupg": true, ".azure": true}

// harmlessReadOnly are host paths that are commonly, and safely, mounted
// read-only: the time zone, name resolution, the host's identity and the
// kernel's random devices.
func harmlessReadOnly(p string) bool {
	switch p {
	case "/etc/localtime", "/etc/timezone", "/usr/share/zoneinfo", "/etc/resolv.conf", "/etc/hosts", "/etc/hostname",
		"/etc/os-release", "/etc/machine-id", "/dev/urandom", "/dev/random":
		return true
	}
	return strings.HasPrefix(p, "/usr/share/zoneinfo/")
}

// hostControlRuns are the folders under /run and /var/run that control the
// host (its service manager, system bus, device manager, container
// runtimes). Other folders there hold an application's own sockets
// (/var/run/mysqld, /run/postgresql), shared on purpose between containers.
var hostControlRuns = []string{"systemd", "dbus", "udev", "containerd", "crio", "podman", "docker", "user", "lock", "utmp", "netns", "k3s", "flannel", "calico"}

// appRuntimePath reports a path below /run or /var/run that is not host control.
func appRuntimePath(p string) bool {
	for _, root := range []string{"/run/", "/var/run/"} {
		rest, ok := strings.CutPrefix(p, root)
		if !ok {
			continue
		}
		first, _, _ := strings.Cut(rest, "/")
		first = strings.TrimSuffix(first, ".sock")
		for _, h := range hostControlRuns {
			if first == h || strings.HasPrefix(first, h+".") {
				return false
			}
		}
		return true
	}
	return false
}

// sensitiveMount says why a host path is sensitive, or "".
func sensitiveMount(p string) string {
	if p == "/" {
		return "the host's root file system"
	}
	if p == "/home" {
		return "every user's home folder"
	}
	if appRuntimePath(p) {
		return ""
	}
	for _, r := range sensitiveRoots {
		if p == r || strings.HasPrefix(p, r+"/") {
			return "a host system path"
		}
	}
	parts := strings.Split(p, "/")
	for i, c := range parts {
		if credentialDirs[c] || (c == ".config" && i+1 < len(parts) && parts[i+1] == "gcloud") {
			return "a credentials folder"
		}
	}
	return ""
}

// runSensitiveMounts reports sensitive host mounts that are (readOnly) or
// are not read-only; the runtime sockets are SW2201's.
func runSensitiveMounts(p *rules.Pass, readOnly bool) {
	for _, s := range services(p) {
		for _, v := range s.Volumes() {
			hp, ok := hostPath(p, v)
			if !ok || isRuntimeSocket(hp) || narrowDevice(hp) || v.ReadOnly != readOnly || readOnly && harmlessReadOnly(hp) {
				continue
			}
			why := sensitiveMount(hp)
			if why == "" {
				continue
			}
			mode := "read-write"
			if readOnly {
				mode = "read-only"
			}
			reportValue(p, v.At(), "service %q mounts %q, %s, %s", s.Name, v.SourceText, why, mode)
		}
	}
}
