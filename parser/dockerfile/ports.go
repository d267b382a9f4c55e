package dockerfile

import (
	"strconv"
	"strings"
)

// PortSpec is one EXPOSE argument: a port or range and a protocol.
type PortSpec struct {
	Low, High int
	Proto     string
	Err       string // why it is invalid; "" when valid
}

// ParsePort reads "80", "80/tcp", "8000-8010/udp". Values with variables are
// not parsed (ok == false): they are only known at build time.
func ParsePort(s string) (spec PortSpec, ok bool) {
	if strings.Contains(s, "$") {
		return spec, false
	}
	ports, proto, hasProto := strings.Cut(s, "/")
	spec.Proto = "tcp"
	if hasProto {
		spec.Proto = proto
		switch strings.ToLower(proto) {
		case "tcp", "udp", "sctp":
		default:
			spec.Err = "unknown protocol \"" + proto + "\" (want tcp, udp or sctp)"
			return spec, true
		}
	}
	if strings.Contains(ports, ":") {
		spec.Err = "EXPOSE takes container ports only; publish host ports with docker run -p or Compose ports"
		return spec, true
	}
	lo, hi, isRange := strings.Cut(ports, "-")
	var err error
	if spec.Low, err = strconv.Atoi(lo); err != nil || lo == "" || lo[0] == '+' {
		spec.Err = "\"" + ports + "\" is not a port number"
		return spec, true
	}
	spec.High = spec.Low
	if isRange {
		if spec.High, err = strconv.Atoi(hi); err != nil || hi == "" || hi[0] == '+' {
			spec.Err = "\"" + ports + "\" is not a port range"
			return spec, true
		}
	}
	switch {
	case spec.Low < 0 || spec.High > 65535 || spec.Low > 65535:
		spec.Err = "port " + ports + " is outside 0-65535"
	case spec.Low > spec.High:
		spec.Err = "port range " + ports + " starts after it ends"
	}
	return spec, true
}
