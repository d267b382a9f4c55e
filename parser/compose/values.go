package compose

import (
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
			p.Published, _ = n.Get("published").Value()
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
