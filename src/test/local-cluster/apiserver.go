package main

import (
	"context"
	"fmt"
	"net"

	"github.com/spf13/pflag"
	utilerrors "k8s.io/apimachinery/pkg/util/errors"
	"k8s.io/client-go/rest"
	basecompatibility "k8s.io/component-base/compatibility"
	logsapi "k8s.io/component-base/logs/api/v1"
	"k8s.io/kubernetes/cmd/kube-apiserver/app"
	"k8s.io/kubernetes/cmd/kube-apiserver/app/options"
)

// apiServerArgs are the kube-apiserver flags of a lean single-node control
// plane that serves only on loopback. extra comes last, so it can override.
func apiServerArgs(p *pki, etcdURL, authzMode string, extra []string) []string {
	args := []string{
		"--etcd-servers=" + etcdURL,
		"--bind-address=127.0.0.1",
		"--advertise-address=127.0.0.1",
		"--cert-dir=" + p.dir,
		"--tls-cert-file=" + p.path("serving.crt"),
		"--tls-private-key-file=" + p.path("serving.key"),
		"--token-auth-file=" + p.path("tokens.csv"),
		"--authorization-mode=" + authzMode,
		"--service-account-issuer=https://kubernetes.default.svc.cluster.local",
		"--service-account-key-file=" + p.path("service-account.key"),
		"--service-account-signing-key-file=" + p.path("service-account.key"),
		"--service-cluster-ip-range=10.96.0.0/24",
		// Loopback addresses are not valid endpoints of the "kubernetes"
		// service, and nothing here runs inside the cluster to use them.
		"--endpoint-reconciler-type=none",
		// Without a controller manager no service account is ever created,
		// so this plugin would reject every pod.
		"--disable-admission-plugins=ServiceAccount",
		// Request queuing only matters under load from many clients; without
		// it the server starts sooner and keeps fewer objects in memory.
		"--enable-priority-and-fairness=false",
		"--profiling=false",
	}
	return append(args, extra...)
}

// runAPIServer runs kube-apiserver until ctx is done. It serves on ln, which
// the caller opened, so the port is known before the server starts.
func runAPIServer(ctx context.Context, args []string, ln net.Listener) error {
	s := options.NewServerRunOptions()
	fs := pflag.NewFlagSet("kube-apiserver", pflag.ContinueOnError)
	for _, set := range s.Flags().FlagSets {
		fs.AddFlagSet(set)
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	s.SecureServing.Listener = ln
	s.SecureServing.BindPort = ln.Addr().(*net.TCPAddr).Port

	// What the kube-apiserver command does before it runs the server:
	// settle versions and feature gates, then configure logging.
	registry := s.GenericServerRunOptions.ComponentGlobalsRegistry
	if err := registry.Set(); err != nil {
		return err
	}
	gates := registry.FeatureGateFor(basecompatibility.DefaultKubeComponent)
	if err := logsapi.ValidateAndApply(s.Logs, gates); err != nil {
		return err
	}
	// The server's own loopback clients should not log warnings it issued.
	rest.SetDefaultWarningHandler(rest.NoWarnings{})

	completed, err := s.Complete(ctx)
	if err != nil {
		return err
	}
	if errs := completed.Validate(); len(errs) > 0 {
		return fmt.Errorf("kube-apiserver options: %w", utilerrors.NewAggregate(errs))
	}
	return app.Run(ctx, completed)
}
