package formatter

import "github.com/seaworthy-dev/seaworthy/rules"

// cisVersion is the CIS Docker Benchmark the rules' CIS ids refer to.
const cisVersion = "CIS Docker Benchmark v1.6.0"

// cisControl is one recommendation of the benchmark's sections 4
// (container images and build file) and 5 (container runtime), the two a
// linter of Dockerfiles and Compose files can speak to. Static is false for
// the controls no file can show (how the host or the daemon is set up, what
// is run by hand); Why says why.
type cisControl struct {
	ID     string
	Title  string
	Kind   rules.Kind // the files that can show it
	Static bool
	Why    string // for controls out of static scope
}

// cisControls lists the benchmark's sections 4 and 5 in order. Sections 1
// to 3 and 6 to 7 (host, daemon, daemon files, security operations, swarm)
// are about the machine, not the files, and are listed in
// docs/compliance.md as out of scope.
var cisControls = []cisControl{
	{ID: "4.1", Title: "Ensure that a user for the container has been created", Kind: rules.Dockerfile, Static: true},
	{ID: "4.2", Title: "Ensure that containers use only trusted base images", Kind: rules.Dockerfile, Static: true},
	{ID: "4.3", Title: "Ensure that unnecessary packages are not installed in the container", Kind: rules.Dockerfile, Static: true},
	{ID: "4.4", Title: "Ensure images are scanned and rebuilt to include security patches", Kind: rules.Dockerfile, Static: true},
	{ID: "4.5", Title: "Ensure Content trust for Docker is Enabled", Kind: rules.Dockerfile, Why: "DOCKER_CONTENT_TRUST is set in the environment of the client that pulls, not in a file"},
	{ID: "4.6", Title: "Ensure that HEALTHCHECK instructions have been added to container images", Kind: rules.Dockerfile, Static: true},
	{ID: "4.7", Title: "Ensure update instructions are not used alone in Dockerfiles", Kind: rules.Dockerfile, Static: true},
	{ID: "4.8", Title: "Ensure setuid and setgid permissions are removed", Kind: rules.Dockerfile, Static: true},
	{ID: "4.9", Title: "Ensure that COPY is used instead of ADD in Dockerfiles", Kind: rules.Dockerfile, Static: true},
	{ID: "4.10", Title: "Ensure secrets are not stored in Dockerfiles", Kind: rules.Dockerfile, Static: true},
	{ID: "4.11", Title: "Ensure only verified packages are installed", Kind: rules.Dockerfile, Static: true},
	{ID: "4.12", Title: "Ensure all signed artifacts are validated", Kind: rules.Dockerfile, Why: "signatures are checked when an artifact is pulled or run, not in the build file"},
	{ID: "5.1", Title: "Ensure swarm mode is not Enabled, if not needed", Kind: rules.Compose, Why: "swarm mode is a state of the daemon"},
	{ID: "5.2", Title: "Ensure that, if applicable, an AppArmor Profile is enabled", Kind: rules.Compose, Static: true},
	{ID: "5.3", Title: "Ensure that, if applicable, SELinux security options are set", Kind: rules.Compose, Static: true},
	{ID: "5.4", Title: "Ensure that Linux kernel capabilities are restricted within containers", Kind: rules.Compose, Static: true},
	{ID: "5.5", Title: "Ensure that privileged containers are not used", Kind: rules.Compose, Static: true},
	{ID: "5.6", Title: "Ensure sensitive host system directories are not mounted on containers", Kind: rules.Compose, Static: true},
	{ID: "5.7", Title: "Ensure sshd is not run within containers", Kind: rules.Compose, Static: true},
	{ID: "5.8", Title: "Ensure privileged ports are not mapped within containers", Kind: rules.Compose, Static: true},
	{ID: "5.9", Title: "Ensure that only needed ports are open on the container", Kind: rules.Compose, Why: "which ports are needed is the application's intent, which no file states"},
	{ID: "5.10", Title: "Ensure that the host's network namespace is not shared", Kind: rules.Compose, Static: true},
	{ID: "5.11", Title: "Ensure that the memory usage for containers is limited", Kind: rules.Compose, Static: true},
	{ID: "5.12", Title: "Ensure that CPU priority is set appropriately on containers", Kind: rules.Compose, Static: true},
	{ID: "5.13", Title: "Ensure that the container's root filesystem is mounted as read only", Kind: rules.Compose, Static: true},
	{ID: "5.14", Title: "Ensure that incoming container traffic is bound to a specific host interface", Kind: rules.Compose, Static: true},
	{ID: "5.15", Title: "Ensure that the 'on-failure' container restart policy is set to '5'", Kind: rules.Compose, Static: true},
	{ID: "5.16", Title: "Ensure that the host's process namespace is not shared", Kind: rules.Compose, Static: true},
	{ID: "5.17", Title: "Ensure that the host's IPC namespace is not shared", Kind: rules.Compose, Static: true},
	{ID: "5.18", Title: "Ensure that host devices are not directly exposed to containers", Kind: rules.Compose, Static: true},
	{ID: "5.19", Title: "Ensure that the default ulimit is overwritten at runtime if needed", Kind: rules.Compose, Static: true},
	{ID: "5.20", Title: "Ensure mount propagation mode is not set to shared", Kind: rules.Compose, Static: true},
	{ID: "5.21", Title: "Ensure that the host's UTS namespace is not shared", Kind: rules.Compose, Static: true},
	{ID: "5.22", Title: "Ensure the default seccomp profile is not Disabled", Kind: rules.Compose, Static: true},
	{ID: "5.23", Title: "Ensure that docker exec commands are not used with the privileged option", Kind: rules.Compose, Why: "docker exec is run by hand, not written in a file"},
	{ID: "5.24", Title: "Ensure that docker exec commands are not used with the user=root option", Kind: rules.Compose, Why: "docker exec is run by hand, not written in a file"},
	{ID: "5.25", Title: "Ensure that cgroup usage is confirmed", Kind: rules.Compose, Static: true},
	{ID: "5.26", Title: "Ensure that the container is restricted from acquiring additional privileges", Kind: rules.Compose, Static: true},
	{ID: "5.27", Title: "Ensure that container health is checked at runtime", Kind: rules.Compose, Static: true},
	{ID: "5.28", Title: "Ensure that Docker commands always make use of the latest version of their image", Kind: rules.Compose, Static: true},
	{ID: "5.29", Title: "Ensure that the PIDs cgroup limit is used", Kind: rules.Compose, Static: true},
	{ID: "5.30", Title: "Ensure that Docker's default bridge \"docker0\" is not used", Kind: rules.Compose, Why: "Compose puts services on a network of their own unless network_mode says otherwise; which bridge the daemon uses is its configuration"},
	{ID: "5.31", Title: "Ensure that the host's user namespaces are not shared", Kind: rules.Compose, Static: true},
	{ID: "5.32", Title: "Ensure that the Docker socket is not mounted inside any containers", Kind: rules.Compose, Static: true},
}
