package compose

import (
	"fmt"
	"net"
	"path/filepath"
	"sort"
	"strings"

	"github.com/seaworthy-dev/seaworthy/parser/compose"
	"github.com/seaworthy-dev/seaworthy/parser/source"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW2305 catches two services publishing the same host port.
var SW2305 = &rules.Rule{
	ID:       "SW2305",
	Name:     "compose-duplicate-published-port",
	Kind:     rules.Compose,
	Severity: rules.Error,
	Summary:  "Two services publish the same host port",
	Doc: "Only one container can listen on a host address, port and protocol. When two services\n" +
		"publish the same one, `docker compose up` starts the first and fails on the second with\n" +
		"\"port is already allocated\" (or \"address already in use\").\n\n" +
		"Give each service its own host port, or bind them to different host addresses. Ports\n" +
		"overlap when their protocols match (tcp unless written otherwise), their host port\n" +
		"ranges share a port, and their host addresses overlap (no address, `0.0.0.0` and `::`\n" +
		"cover every address of their family). Services whose `profiles` have nothing in common\n" +
		"are alternatives and are not compared; services in `network_mode: host` or another\n" +
		"container's network publish nothing. Random host ports (`\"80\"`) never clash.",
	Tags: []string{"correctness"},
	Run:  runDuplicatePorts,
}

// published is one host binding of a service.
type published struct {
	s        *compose.Service
	node     *compose.Node
	ip       string // "" for every address
	lo, hi   int
	proto    string
	target   uint32
	profiles []string
	file     int // index of the file in the project, for ordering
	offset   int
}

func runDuplicatePorts(p *rules.Pass) {
	if p.Compose == nil {
		return
	}
	fileIndex := map[string]int{}
	for i, f := range p.Compose.Files {
		fileIndex[f.Path] = i
	}
	var all []published
	for _, s := range services(p) {
		if !publishesPorts(s) {
			continue
		}
		profiles := serviceProfiles(s)
		for _, pt := range s.Ports() {
			lo, hi, ok := portRange(pt.Published)
			if !ok || lo == 0 {
				continue
			}
			proto := strings.ToLower(strings.TrimSpace(pt.Protocol))
			if proto == "" {
				proto = "tcp"
			}
			f, ok := fileIndex[pt.Node.File().Path]
			if !ok {
				f = len(fileIndex)
			}
			all = append(all, published{s: s, node: pt.Node, ip: strings.Trim(strings.TrimSpace(pt.HostIP), "[]"),
				lo: lo, hi: hi, proto: proto, target: pt.Target, profiles: profiles, file: f, offset: pt.Node.Span().Start})
		}
	}
	sort.SliceStable(all, func(i, j int) bool {
		if all[i].file != all[j].file {
			return all[i].file < all[j].file
		}
		return all[i].offset < all[j].offset
	})
	reported := map[*compose.Node]bool{}
	for j := range all {
		b := all[j]
		if reported[b.node] {
			continue
		}
		for i := 0; i < j; i++ {
			a := all[i]
			if a.node == b.node || !clash(a, b) {
				continue
			}
			reported[b.node] = true
			pos := a.node.File().Position(a.node.Span().Start)
			reportValue(p, b.node, "service %q publishes host port %s, which service %q already publishes (%s); the second one fails to start",
				b.s.Name, portText(b.node), a.s.Name, where(b.node, a.node.File(), pos.Line))
			break
		}
	}
}

// where names a line for a message about n: "line 5" in n's file, or the
// other file's name and line.
func where(n *compose.Node, f *source.File, line int) string {
	if n.File() == f {
		return fmt.Sprintf("line %d", line)
	}
	return fmt.Sprintf("%s line %d", filepath.Base(f.Path), line)
}

// clash reports two bindings that cannot both be made.
func clash(a, b published) bool {
	if a.proto != b.proto || a.hi < b.lo || b.hi < a.lo || !ipsOverlap(a.ip, b.ip) || exclusiveProfiles(a.profiles, b.profiles) {
		return false
	}
	if a.s == b.s && a.target == b.target && a.ip == b.ip && a.lo == b.lo && a.hi == b.hi {
		return false // the same mapping written twice (an override file repeats it)
	}
	return true
}

// ipsOverlap reports host addresses that share an address: "" is every
// address, 0.0.0.0 every IPv4 one, :: every IPv6 one.
func ipsOverlap(a, b string) bool {
	if a == "" || b == "" || a == b {
		return true
	}
	ia, ib := net.ParseIP(a), net.ParseIP(b)
	if ia == nil || ib == nil {
		return false // a name or a variable: unknown, do not guess
	}
	if ia.Equal(ib) {
		return true
	}
	v4a, v4b := ia.To4() != nil, ib.To4() != nil
	if v4a != v4b {
		return false
	}
	return ia.IsUnspecified() || ib.IsUnspecified()
}

// serviceProfiles lists the profiles a service is enabled by (none: always).
func serviceProfiles(s *compose.Service) []string {
	var out []string
	for _, n := range s.List("profiles") {
		if v, ok := n.Value(); ok && strings.TrimSpace(v) != "" {
			out = append(out, strings.TrimSpace(v))
		}
	}
	return out
}

// exclusiveProfiles reports two services that never run together by
// default: both need a profile and they share none.
func exclusiveProfiles(a, b []string) bool {
	if len(a) == 0 || len(b) == 0 {
		return false
	}
	for _, x := range a {
		for _, y := range b {
			if x == y || x == "*" || y == "*" {
				return false
			}
		}
	}
	return true
}
