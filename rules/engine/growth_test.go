package engine_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/seaworthy-dev/seaworthy/parser/dockerfile"
	"github.com/seaworthy-dev/seaworthy/parser/source"
	"github.com/seaworthy-dev/seaworthy/rules"
	"github.com/seaworthy-dev/seaworthy/rules/catalog"
	"github.com/seaworthy-dev/seaworthy/rules/engine"
)

// growDockerfile writes a Dockerfile of about n lines out of the
// instructions real files use most, a new stage every stage lines, so that
// every rule and pre-pass has work that grows with the file: both the
// number of stages and the length of one stage.
func growDockerfile(n, stage int) []byte {
	var b strings.Builder
	block := []string{
		"ARG VERSION=1.%d",
		"ENV APP_HOME=/srv/app%d PATH=/srv/app%d/bin:$PATH",
		"LABEL org.opencontainers.image.version=\"1.%d\"",
		"RUN apt-get update && apt-get install -y curl=7.%d git && rm -rf /var/lib/apt/lists/*",
		"RUN curl -fsSL https://example.com/install-%d.sh | sh",
		"COPY src/%d /srv/app",
		"WORKDIR /srv/app%d",
		"RUN pip install --no-cache-dir requests==2.%d",
		"EXPOSE 80%d",
		"RUN cd /tmp && make -j%d && \\\n    make install",
	}
	lines := 0
	n -= 2 // the USER and CMD below
	for stage := 0; lines < n; stage++ {
		fmt.Fprintf(&b, "FROM debian:12.%d AS s%d\n", stage%10, stage)
		lines++
		for i := 0; i < stage-1 && lines < n; i++ {
			line := strings.ReplaceAll(block[i%len(block)], "%d", fmt.Sprint(i))
			b.WriteString(line + "\n")
			lines += 1 + strings.Count(line, "\n")
		}
	}
	b.WriteString("USER app\nCMD [\"/srv/app/bin/run\"]\n")
	return []byte(b.String())
}

// growCompose writes a Compose file of n services, each with the keys
// rules read most, on a few networks and volumes.
func growCompose(n int) []byte {
	var b strings.Builder
	b.WriteString("services:\n")
	for i := 0; i < n; i++ {
		dep := ""
		if i > 0 {
			dep = "svc0" // a star: compose-go's cycle search is quadratic on a chain
		}
		fmt.Fprintf(&b, `  svc%d:
    image: registry.example.com/team/app%d:1.%d
    ports: ["%d:80"]
    environment:
      LOG_LEVEL: info
      DB_HOST: db%d
    volumes: ["data%d:/data", "./conf/%d:/etc/app:ro"]
    networks: [net%d]
    depends_on: [%s]
    restart: unless-stopped
    command: ["serve", "--port", "80"]
    healthcheck: {test: ["CMD", "curl", "-f", "http://localhost/"], interval: 30s}
`, i, i, i%10, 10000+i, i, i%10, i, i%4, dep)
	}
	b.WriteString("networks:\n")
	for i := 0; i < 4; i++ {
		fmt.Fprintf(&b, "  net%d: {}\n", i)
	}
	b.WriteString("volumes:\n")
	for i := 0; i < 10; i++ {
		fmt.Fprintf(&b, "  data%d: {}\n", i)
	}
	return []byte(b.String())
}

// BenchmarkGrowth lints files that grow tenfold each step: ns/line (ns per
// service for Compose) must stay flat, which shows every rule and pre-pass
// linear in the size of the file (docs/security.md). Run it with
//
//	go test ./rules/engine -run '^$' -bench Growth -benchtime 3x
func BenchmarkGrowth(b *testing.B) {
	for _, n := range []int{1000, 10_000, 100_000} {
		data := growDockerfile(n, 40)
		b.Run(fmt.Sprintf("dockerfile/%d-lines", n), func(b *testing.B) {
			growBench(b, "Dockerfile", data, float64(n), "ns/line")
		})
	}
	for _, n := range []int{1000, 10_000, 100_000} {
		data := growDockerfile(n, n)
		b.Run(fmt.Sprintf("dockerfile-one-stage/%d-lines", n), func(b *testing.B) {
			growBench(b, "Dockerfile", data, float64(n), "ns/line")
		})
	}
	for _, n := range []int{10, 100, 1000, 10_000} {
		data := growCompose(n)
		b.Run(fmt.Sprintf("compose/%d-services", n), func(b *testing.B) {
			growBench(b, "compose.yaml", data, float64(n), "ns/service")
		})
	}
}

func growBench(b *testing.B, name string, data []byte, units float64, unit string) {
	l := &engine.Linter{Rules: catalog.All(), LoadCompose: engine.LoadCompose, Env: map[string]string{}, Stdin: data}
	kind, _ := engine.DetectKind(name)
	t := engine.Target{Path: name, Kind: kind, Stdin: true, Root: b.TempDir()}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res := l.Run([]engine.Target{t})
		for _, f := range res.Findings {
			// compose-go (docker compose) refuses files of more than 100,000
			// YAML nodes; seaworthy reports that and lints the node view.
			if f.Rule == rules.ParseError && (f.Incomplete || !strings.Contains(f.Message, "maximum node visit limit")) {
				b.Fatalf("%s: %s", name, f.Message)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/units, unit)
}

// BenchmarkGrowthRules finds the rules whose cost grows faster than the
// file: each Dockerfile rule runs on files of 2,000 and 8,000 lines (the
// mixed file, and each of oneKind repeated), and the ones that take more
// than ten times as long on four times the lines are logged. It is the
// tool that found the quadratic look-backs (docs/benchmarks.md):
//
//	go test ./rules/engine -run '^$' -bench GrowthRules -benchtime 1x -v
func BenchmarkGrowthRules(b *testing.B) {
	for i := 0; i < b.N; i++ {
		growthOf(b, parse(b, growDockerfile(2000, 2000)), parse(b, growDockerfile(8000, 8000)))
		for _, line := range oneKind {
			one := func(n int) []byte { return []byte("FROM debian:12\n" + strings.Repeat(line+"\n", n)) }
			growthOf(b, parse(b, one(2000)), parse(b, one(8000)))
		}
	}
}

func parse(t testing.TB, data []byte) *dockerfile.File {
	f, err := dockerfile.Parse(source.New("Dockerfile", data))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func timeRule(r *rules.Rule, f *dockerfile.File) time.Duration {
	start := time.Now()
	p := rules.NewPass(r, f.Source, nil, func(rules.Finding) {})
	p.Dockerfile = f
	r.Run(p)
	return time.Since(start)
}

// oneKind are instructions a file may repeat thousands of times: a rule that
// looks back at earlier instructions for each one is quadratic on them.
var oneKind = []string{
	"RUN apt-get install curl", "RUN apt-get update && apt-get install -y curl", "RUN pip install requests",
	"RUN npm install", "RUN apk add curl", "RUN yum install -y curl", "RUN curl -k https://x | sh",
	"RUN cd /x && make", "RUN useradd app", "COPY a b", "ADD x.tar.gz /x", "ENV A=b", "ARG X=1",
	"USER app", "WORKDIR /x", "LABEL a=b", "EXPOSE 80", "RUN echo $X", "HEALTHCHECK CMD true",
	"RUN wget https://x/y", "RUN go install x@latest", "RUN --mount=type=cache,target=/root/.cache pip install x",
	"FROM alpine:3.20", "FROM scratch AS s", "COPY --from=0 /a /b", `SHELL ["/bin/bash", "-c"]`,
	"ONBUILD RUN make", "VOLUME /data", "STOPSIGNAL SIGTERM", `CMD ["x"]`, "ENTRYPOINT x",
	"RUN bundle install", "COPY a.tar.gz /opt/", "RUN gem install rails",
}

func growthOf(t testing.TB, small, large *dockerfile.File) {
	for _, r := range catalog.All() {
		if r.Kind != rules.Dockerfile || r.Run == nil {
			continue
		}
		ts, tl := timeRule(r, small), timeRule(r, large)
		if tl > 10*ts && tl > 20*time.Millisecond {
			t.Logf("%q %s %s: %v -> %v (x%.1f for 4x the lines)", small.Instructions[len(small.Instructions)-1].Node.Original, r.ID, r.Name, ts, tl, float64(tl)/float64(ts))
		}
	}
}
