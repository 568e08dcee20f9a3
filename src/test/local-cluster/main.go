// Command local-cluster runs a real Kubernetes API server, backed by an
// embedded etcd, on 127.0.0.1 only. It exists for tests and demos: it starts
// in seconds, needs no container runtime, and throws its data away.
//
// When the server is ready it writes a kubeconfig and prints one line,
// "ready <server-url>", on stdout. It then runs until SIGTERM or SIGINT.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"k8s.io/klog/v2"
)

// stringList is a flag that may be given more than once.
type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, " ") }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }

type config struct {
	dataDir, kubeconfig, authzMode string
	port                           int
	readyTimeout                   time.Duration
	apiserverArgs                  stringList
}

func main() {
	var c config
	flag.StringVar(&c.dataDir, "data-dir", "", "directory for etcd data and generated credentials (required)")
	flag.StringVar(&c.kubeconfig, "kubeconfig", "", "where to write the kubeconfig once the server is ready (required)")
	flag.IntVar(&c.port, "secure-port", 0, "HTTPS port on 127.0.0.1; 0 picks a free one")
	flag.StringVar(&c.authzMode, "authorization-mode", "RBAC", "kube-apiserver --authorization-mode")
	flag.DurationVar(&c.readyTimeout, "ready-timeout", 2*time.Minute, "give up if /readyz is not OK by then")
	flag.Var(&c.apiserverArgs, "apiserver-arg", "extra kube-apiserver flag, e.g. --apiserver-arg=--v=2 (repeatable)")
	flag.Parse()
	if c.dataDir == "" || c.kubeconfig == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: local-cluster --data-dir DIR --kubeconfig FILE [flags]; see --help")
		os.Exit(2)
	}
	if err := run(c); err != nil {
		fmt.Fprintln(os.Stderr, "local-cluster:", err)
		os.Exit(1)
	}
}

func run(c config) error {
	ctx, stopSignals := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stopSignals()
	// kube-apiserver ends the process through klog.Fatal when a start-up hook
	// fails, and they do fail when a stop request cuts them short. That is
	// the requested stop, not a crash.
	klog.OsExit = func(code int) {
		if ctx.Err() != nil {
			fmt.Fprintln(os.Stderr, "local-cluster: stopped while starting")
			code = 0
		}
		os.Exit(code)
	}

	p, err := newPKI(filepath.Join(c.dataDir, "pki"))
	if err != nil {
		return fmt.Errorf("credentials: %w", err)
	}
	etcd, etcdURL, err := startEtcd(filepath.Join(c.dataDir, "etcd"))
	if err != nil {
		return err
	}
	defer etcd.Close()

	// Opening the listener here, rather than letting the server do it,
	// makes port 0 race-free: the port is ours before anything starts.
	ln, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", c.port))
	if err != nil {
		return err
	}
	serverURL := "https://" + ln.Addr().String()

	apiCtx, stopAPI := context.WithCancel(context.Background())
	defer stopAPI()
	api := goRun(func() error {
		return runAPIServer(apiCtx, apiServerArgs(p, etcdURL, c.authzMode, c.apiserverArgs), ln)
	})

	readyCtx, cancelReady := context.WithTimeout(ctx, c.readyTimeout)
	err = waitReady(readyCtx, serverURL, p, api.done)
	cancelReady()
	if err == nil {
		err = serve(ctx, c.kubeconfig, serverURL, p, api)
	}
	stopSignals() // a second signal now kills the process at once
	stopAPI()
	select {
	case <-api.done:
		if errors.Is(err, errStopped) {
			err = fmt.Errorf("%w: %v", err, api.err)
		}
	case <-time.After(30 * time.Second):
		fmt.Fprintln(os.Stderr, "local-cluster: kube-apiserver did not stop within 30s")
	}
	if ctx.Err() != nil && errors.Is(err, context.Canceled) {
		err = nil // a signal while starting is a request to stop, not a failure
	}
	return err // etcd is closed by the deferred call, after the API server
}

// serve announces the ready server and waits until a signal asks it to stop
// or the API server stops by itself (which is an error).
func serve(ctx context.Context, kubeconfig, serverURL string, p *pki, api *task) error {
	if err := writeKubeconfig(kubeconfig, serverURL, p); err != nil {
		return fmt.Errorf("kubeconfig: %w", err)
	}
	fmt.Printf("ready %s\n", serverURL)
	select {
	case <-ctx.Done():
		fmt.Fprintln(os.Stderr, "local-cluster: stopping")
		return nil
	case <-api.done:
		return errStopped
	}
}

var errStopped = errors.New("kube-apiserver stopped")

// task is a function running in the background; err is set before done closes.
type task struct {
	done chan struct{}
	err  error
}

func goRun(fn func() error) *task {
	t := &task{done: make(chan struct{})}
	go func() {
		defer close(t.done)
		t.err = fn()
	}()
	return t
}
