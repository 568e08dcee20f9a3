package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
)

// waitReady polls /readyz until it answers 200, the server stops
// (errStopped), or ctx ends.
func waitReady(ctx context.Context, serverURL string, p *pki, stopped <-chan struct{}) error {
	roots := x509.NewCertPool()
	roots.AppendCertsFromPEM(p.caPEM)
	client := &http.Client{
		Timeout:   2 * time.Second,
		Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots}},
	}
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		if readyzOK(ctx, client, serverURL, p.adminToken) {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("kube-apiserver not ready: %w", ctx.Err())
		case <-stopped:
			return errStopped
		case <-tick.C:
		}
	}
}

func readyzOK(ctx context.Context, client *http.Client, serverURL, token string) bool {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, serverURL+"/readyz", nil)
	if err != nil {
		return false
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := client.Do(req)
	if err != nil {
		return false
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode == http.StatusOK
}

// writeKubeconfig writes a kubeconfig with two contexts: "admin" (the
// default, in system:masters) and "limited" (a user with no groups).
// It goes to a temporary file first and is renamed into place, so a reader
// never sees half a file and its existence means the server is ready.
func writeKubeconfig(path, serverURL string, p *pki) error {
	cfg := clientcmdapi.NewConfig()
	cfg.Clusters["local-cluster"] = &clientcmdapi.Cluster{
		Server:                   serverURL,
		CertificateAuthorityData: p.caPEM,
	}
	cfg.AuthInfos["admin"] = &clientcmdapi.AuthInfo{Token: p.adminToken}
	cfg.AuthInfos["limited"] = &clientcmdapi.AuthInfo{Token: p.limitedToken}
	for _, name := range []string{"admin", "limited"} {
		cfg.Contexts[name] = &clientcmdapi.Context{Cluster: "local-cluster", AuthInfo: name, Namespace: "default"}
	}
	cfg.CurrentContext = "admin"
	data, err := clientcmd.Write(*cfg)
	if err != nil {
		return err
	}

	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // no-op once renamed
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
