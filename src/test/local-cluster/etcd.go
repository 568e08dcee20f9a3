package main

import (
	"fmt"
	"net/url"
	"time"

	"go.etcd.io/etcd/server/v3/embed"
)

// startEtcd runs a single-member etcd inside this process. Port 0 lets the
// kernel pick free loopback ports, so several servers can run side by side.
func startEtcd(dir string) (*embed.Etcd, string, error) {
	loopback := []url.URL{{Scheme: "http", Host: "127.0.0.1:0"}}
	cfg := embed.NewConfig()
	cfg.Name = "local-cluster"
	cfg.Dir = dir
	cfg.ListenClientUrls, cfg.AdvertiseClientUrls = loopback, loopback
	cfg.ListenPeerUrls, cfg.AdvertisePeerUrls = loopback, loopback
	cfg.InitialCluster = cfg.InitialClusterFromName(cfg.Name)
	cfg.LogLevel = "error"
	// The data is disposable: skipping fsync makes writes much faster.
	cfg.UnsafeNoFsync = true
	// Nothing uses etcd's JSON gateway, and it would dial the port-0 address.
	cfg.EnableGRPCGateway = false
	// A single member elects itself; short ticks make that happen sooner.
	cfg.TickMs, cfg.ElectionMs = 10, 100

	e, err := embed.StartEtcd(cfg)
	if err != nil {
		return nil, "", fmt.Errorf("etcd: %w", err)
	}
	select {
	case <-e.Server.ReadyNotify():
	case err := <-e.Err():
		e.Close()
		return nil, "", fmt.Errorf("etcd: %w", err)
	case <-time.After(30 * time.Second):
		e.Close()
		return nil, "", fmt.Errorf("etcd: not ready after 30s")
	}
	return e, "http://" + e.Clients[0].Addr().String(), nil
}
