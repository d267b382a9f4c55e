package compose

import "github.com/seaworthy-dev/seaworthy/rules"

// SW2205 catches host memory, I/O port and disk devices given to a service.
var SW2205 = &rules.Rule{
	ID:               "SW2205",
	Name:             "compose-raw-device",
	Kind:             rules.Compose,
	Severity:         rules.Error,
	SecuritySeverity: 9.5,
	Summary:          "Service gets raw access to host memory or disks",
	Doc: "`/dev/mem`, `/dev/kmem` and `/dev/port` expose the host's physical memory and I/O\n" +
		"ports; `/dev/sda`, `/dev/nvme0n1`, `/dev/disk/...` and other block devices expose whole\n" +
		"disks. Reading them bypasses every file permission; writing them rewrites the host.\n\n" +
		"Mount the folder the service needs instead of the disk, or run the tool on the host.",
	Tags: []string{"security"},
	CIS:  []string{"5.18"},
	Run:  func(p *rules.Pass) { runDevices(p, true) },
}
