package compose

import "github.com/seaworthy-dev/seaworthy/rules"

// SW2204 catches host devices given to a service.
var SW2204 = &rules.Rule{
	ID:               "SW2204",
	Name:             "compose-host-device",
	Kind:             rules.Compose,
	Severity:         rules.Warning,
	SecuritySeverity: 7.0,
	Summary:          "Service gets a host device",
	Doc: "Each entry of `devices:` gives the container direct access to a host device, outside\n" +
		"the file-system isolation: a serial port, a USB bus, a video capture card, a whole\n" +
		"device class through `device_cgroup_rules` (`a *:* rwm`).\n\n" +
		"Give only the devices the service needs, read-only (`/dev/ttyUSB0:/dev/ttyUSB0:r`) when\n" +
		"it can. Common narrow devices (`/dev/fuse`, `/dev/net/tun`, `/dev/dri`, `/dev/snd`) and\n" +
		"GPU requests (`deploy.resources.reservations.devices`, CDI names) are not reported;\n" +
		"raw memory and disks are reported by SW2205.",
	Tags: []string{"security"},
	CIS:  []string{"5.18"},
	Run:  func(p *rules.Pass) { runDevices(p, false) },
}
