package compose

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/compose-spec/compose-go/v2/format"
	"github.com/compose-spec/compose-go/v2/types"
)

// Option is one `security_opt` entry: `seccomp:unconfined`,
// `no-new-privileges=true`, `label:disable`. Docker accepts `:` and `=`.
type Option struct {
	Node  *Node
	Name  string // lower-cased: "no-new-privileges", "seccomp", "apparmor", "label", "systempaths"
	Value string // interpolated, as given ("" when the option has no value)
}

// SecurityOpts returns the effective security_opt entries.
func (s *Service) SecurityOpts() []Option {
	var out []Option
	for _, n := range s.List("security_opt") {
		v, ok := n.Value()
		if !ok {
			continue
		}
		i := strings.IndexAny(v, ":=")
		o := Option{Node: n, Name: strings.ToLower(strings.TrimSpace(v))}
		if i >= 0 {
			o.Name, o.Value = strings.ToLower(strings.TrimSpace(v[:i])), strings.TrimSpace(v[i+1:])
		}
		out = append(out, o)
	}
	return out
}

// Volume is one effective entry of a service's `volumes`, short or long
// syntax, parsed as compose-go parses it.
type Volume struct {
	Node *Node
	// Type is "bind", "volume", "tmpfs", "npipe", "image" or "cluster".
	Type string
	// Source is the interpolated host path or volume name; Target the path
	// in the container.
	Source, Target string
	ReadOnly       bool
	Propagation    string // bind propagation, "" when not set
	// PropagationNode is the long syntax's bind.propagation (nil otherwise).
	PropagationNode *Node
	// SourceNode is the long syntax's source value (nil in short syntax,
	// where Node holds the whole "src:dst:mode" string).
	SourceNode *Node
	// SourceText is the source as written (`${HOME}/.ssh`), for messages.
	SourceText string
	// Named is the named volume a bind comes from: a top-level volume of
	// the local driver whose driver_opts bind a host folder
	// (type: none, o: bind, device: /host/path). Such a mount is a bind of
	// that folder (Type "bind", Source the device), as Docker mounts it.
	Named string
}

// At is where to report about the mount's source: the long syntax's
// source value, or the whole short-syntax string.
func (v Volume) At() *Node {
	if v.SourceNode != nil {
		return v.SourceNode
	}
	return v.Node
}

// Volumes returns the service's effective mounts. A later mount with the
// same target replaces an earlier one, as compose-go does when merging.
func (s *Service) Volumes() []Volume {
	var out []Volume
	index := map[string]int{}
	for _, n := range s.List("volumes") {
		v, ok := parseVolume(n)
		if !ok {
			continue
		}
		if v.Type == types.VolumeTypeVolume && n.p != nil {
			if dev, ok := n.p.bindDevice(v.Source); ok {
				v.Named, v.Type, v.Source = v.Source, types.VolumeTypeBind, dev
			}
		}
		if i, seen := index[v.Target]; seen && v.Target != "" {
			out[i] = v
			continue
		}
		index[v.Target] = len(out)
		out = append(out, v)
	}
	return out
}

func parseVolume(n *Node) (Volume, bool) {
	switch {
	case n.IsScalar():
		spec, ok := n.Value()
		if !ok || spec == "" {
			return Volume{}, false
		}
		c, err := format.ParseVolume(spec)
		if err != nil {
			return Volume{}, false
		}
		v := Volume{Node: n, Type: c.Type, Source: c.Source, Target: c.Target, ReadOnly: c.ReadOnly}
		if c.Bind != nil {
			v.Propagation = c.Bind.Propagation
		}
		v.SourceText = c.Source
		if w, err := format.ParseVolume(n.Text()); err == nil && w.Source != "" {
			v.SourceText = w.Source
		} else if c.Source != "" && n.HasVars() {
			v.SourceText = n.Text()
		}
		return v, true
	case n.IsMap():
		v := Volume{Node: n, SourceNode: n.Get("source")}
		v.Type, _ = n.Get("type").Value()
		v.Source, _ = v.SourceNode.Value()
		v.SourceText = v.SourceNode.Text()
		v.Target, _ = n.Get("target").Value()
		v.ReadOnly, _ = n.Get("read_only").Bool()
		if b := n.Get("bind"); b != nil {
			v.PropagationNode = b.Get("propagation")
			v.Propagation, _ = v.PropagationNode.Value()
		}
		if v.Type == "" {
			v.Type = types.VolumeTypeVolume
		}
		return v, true
	}
	return Volume{}, false
}

// Port is one published port, short or long syntax; a short-syntax range
// gives one Port per container port, all at the same Node.
type Port struct {
	Node *Node
	// HostIP is "" when the port is bound to every interface.
	HostIP    string
	Published string // host port or range; "" for a random host port
	Target    uint32
	Protocol  string
	// Invalid says why docker compose rejects the port ("" when valid):
	// a long-syntax published value that is not a port or range, such as
	// an address ("127.0.0.1:8080", which belongs in host_ip). Load
	// reports it as a problem; rules skip such ports.
	Invalid string
	// PublishedNode is the long syntax's published value (nil otherwise).
	PublishedNode *Node
}

// Ports returns the service's effective published ports.
func (s *Service) Ports() []Port {
	var out []Port
	for _, n := range s.List("ports") {
		switch {
		case n.IsScalar():
			spec, ok := n.Value()
			if !ok || spec == "" {
				continue
			}
			cs, err := types.ParsePortConfig(spec)
			if err != nil {
				continue
			}
			for _, c := range cs {
				out = append(out, Port{Node: n, HostIP: c.HostIP, Published: c.Published, Target: c.Target, Protocol: c.Protocol})
			}
		case n.IsMap():
			p := Port{Node: n, Protocol: "tcp"}
			p.HostIP, _ = n.Get("host_ip").Value()
			p.PublishedNode = n.Get("published")
			p.Published, _ = p.PublishedNode.Value()
			if !p.PublishedNode.HasVars() {
				p.Invalid = invalidPublished(p.Published)
			}
			if t, ok := n.Get("target").Value(); ok {
				if i, err := strconv.ParseUint(strings.TrimSpace(t), 10, 32); err == nil {
					p.Target = uint32(i)
				}
			}
			if proto, ok := n.Get("protocol").Value(); ok && proto != "" {
				p.Protocol = strings.ToLower(proto)
			}
			if mode, _ := n.Get("mode").Value(); mode == "host" && p.Published == "" {
				continue // nothing published on the host
			}
			out = append(out, p)
		}
	}
	return out
}

// Device is one `devices` entry: "/dev/x", "/dev/x:/dev/y:rwm" or the long
// syntax {source, target, permissions}; CDI names (vendor/class=name) too.
type Device struct {
	Node   *Node
	Source string // the host device, interpolated
	// SourceNode is the long syntax's source (nil in short syntax).
	SourceNode *Node
}

// At is where to report about the device: the long syntax's source, or the
// short-syntax string.
func (d Device) At() *Node {
	if d.SourceNode != nil {
		return d.SourceNode
	}
	return d.Node
}

// Devices returns the service's effective devices.
func (s *Service) Devices() []Device {
	var out []Device
	for _, n := range s.List("devices") {
		var src string
		var srcNode *Node
		switch {
		case n.IsScalar():
			v, ok := n.Value()
			if !ok {
				continue
			}
			src, _, _ = strings.Cut(v, ":")
		case n.IsMap():
			srcNode = n.Get("source")
			src, _ = srcNode.Value()
		}
		if src = strings.TrimSpace(src); src != "" {
			out = append(out, Device{Node: n, Source: src, SourceNode: srcNode})
		}
	}
	return out
}

// Str returns the interpolated scalar at a key path and its node; ok is
// false when it is not set, not a scalar, or does not interpolate.
func (s *Service) Str(path ...string) (v string, n *Node, ok bool) {
	n = s.Get(path...)
	if !n.IsScalar() || n.IsNull() {
		return "", n, false
	}
	v, ok = n.Value()
	return v, n, ok
}

// bindDevice returns the host folder a top-level named volume binds:
// driver local (or unset), driver_opts with an o that has bind (and
// type none, or unset) and a device. Volumes of other drivers or types
// (nfs, a block device) are not host binds.
func (p *Project) bindDevice(name string) (string, bool) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", false
	}
	vol := p.Top("volumes", name)
	if vol == nil || !vol.IsMap() {
		return "", false
	}
	if d, ok := vol.Get("driver").Value(); ok && d != "" && d != "local" {
		return "", false
	}
	opts := vol.Get("driver_opts")
	if opts == nil {
		return "", false
	}
	dev, _ := opts.Get("device").Value()
	o, _ := opts.Get("o").Value()
	typ, _ := opts.Get("type").Value()
	bind := false
	for _, f := range strings.Split(o, ",") {
		if f = strings.TrimSpace(f); f == "bind" || f == "rbind" {
			bind = true
		}
	}
	if dev == "" || !bind || typ != "" && typ != "none" {
		return "", false
	}
	return dev, true
}

// invalidPublished says why a long-syntax published value is not a host
// port or range ("" when it is one, or empty).
func invalidPublished(v string) string {
	v = strings.TrimSpace(v)
	if v == "" {
		return ""
	}
	lo, hi, isRange := strings.Cut(v, "-")
	if portNumber(lo) && (!isRange || portNumber(hi)) {
		return ""
	}
	if i := strings.LastIndex(v, ":"); i > 0 && portNumber(v[i+1:]) {
		ip := strings.Trim(v[:i], "[]")
		return fmt.Sprintf("published %q holds an address where only a port or range belongs, so docker compose rejects it; write host_ip: %s and published: \"%s\"", v, ip, v[i+1:])
	}
	return fmt.Sprintf("published %q is not a port or a range of ports, so docker compose rejects it", v)
}

func portNumber(s string) bool {
	n, err := strconv.ParseUint(strings.TrimSpace(s), 10, 16)
	return err == nil && n <= 65535
}
