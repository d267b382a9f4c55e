package compose

import (
	"path"
	"strings"

	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW2208 reports the common, narrow host devices SW2204 leaves out.
var SW2208 = &rules.Rule{
	ID:               "SW2208",
	Name:             "compose-narrow-device",
	Kind:             rules.Compose,
	Severity:         rules.Info,
	SecuritySeverity: 3.0,
	Summary:          "Service gets a common host device (FUSE, TUN, GPU, sound)",
	Doc: "`/dev/fuse` (FUSE file systems), `/dev/net/tun` (VPN clients and servers), `/dev/dri`\n" +
		"(GPU rendering and video transcoding) and `/dev/snd` (sound) are the host devices\n" +
		"services ask for most. Each is narrow, but each is also kernel attack surface that a\n" +
		"default container does not have: FUSE and TUN are how several container escapes\n" +
		"started, and a GPU node gives access to what other users render.\n\n" +
		"Keep them where the service needs them (a VPN needs TUN, a media server DRI) and remove\n" +
		"them elsewhere. Other host devices are reported by SW2204 and raw disks and memory by\n" +
		"SW2205; GPU requests through `deploy.resources.reservations.devices` and CDI names are\n" +
		"not reported.",
	Tags: []string{"security"},
	CIS:  []string{"5.18"},
	Run: func(p *rules.Pass) {
		for _, s := range services(p) {
			for _, d := range s.Devices() {
				dev := d.Source
				if strings.Contains(dev, "=") || !strings.HasPrefix(dev, "/") {
					continue
				}
				if narrowDevice(path.Clean(dev)) {
					reportValue(p, d.At(), "service %q gets host device %s; keep it only if the service needs it", s.Name, written(d.At()))
				}
			}
		}
	},
}
