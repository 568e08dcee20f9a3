package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"time"
)

// limitedUser is a user with no groups at all: RBAC grants it only what the
// bootstrap policy gives every authenticated user, so tests can check that
// the tool fails cleanly when it lacks permissions.
const limitedUser = "seccomp-sync-test"

// pki holds the credentials of one server. They are made anew on every start:
// the cluster is throwaway, so nothing needs to survive a restart.
type pki struct {
	dir          string
	caPEM        []byte
	adminToken   string
	limitedToken string
}

func (p *pki) path(name string) string { return filepath.Join(p.dir, name) }

// newPKI writes into dir a CA, a serving certificate for the loopback
// address signed by it, a service-account signing key and a static token file.
func newPKI(dir string) (*pki, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	p := &pki{dir: dir}
	caKey, caCert, err := newCA()
	if err != nil {
		return nil, err
	}
	p.caPEM = pemBlock("CERTIFICATE", caCert.Raw)
	if err := os.WriteFile(p.path("ca.crt"), p.caPEM, 0o600); err != nil {
		return nil, err
	}
	if err := writeServingCert(p, caKey, caCert); err != nil {
		return nil, err
	}
	if err := writeKey(p.path("service-account.key")); err != nil {
		return nil, err
	}
	return p, writeTokens(p)
}

func newCA() (*ecdsa.PrivateKey, *x509.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	tmpl := certTemplate("local-cluster-ca")
	tmpl.IsCA = true
	tmpl.BasicConstraintsValid = true
	tmpl.KeyUsage = x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, nil, err
	}
	cert, err := x509.ParseCertificate(der)
	return key, cert, err
}

// writeServingCert issues the server's certificate, valid only for the
// loopback names clients use to reach it.
func writeServingCert(p *pki, caKey *ecdsa.PrivateKey, ca *x509.Certificate) error {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	tmpl := certTemplate("127.0.0.1")
	tmpl.KeyUsage = x509.KeyUsageDigitalSignature
	tmpl.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}
	tmpl.IPAddresses = []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback}
	tmpl.DNSNames = []string{"localhost"}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
	if err != nil {
		return err
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return err
	}
	if err := os.WriteFile(p.path("serving.key"), pemBlock("EC PRIVATE KEY", keyDER), 0o600); err != nil {
		return err
	}
	return os.WriteFile(p.path("serving.crt"), pemBlock("CERTIFICATE", der), 0o600)
}

// writeKey writes a fresh private key; the API server signs service-account
// tokens with it and derives the verifying public key from the same file.
func writeKey(path string) error {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	der, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return err
	}
	return os.WriteFile(path, pemBlock("EC PRIVATE KEY", der), 0o600)
}

// writeTokens writes the static token file: token,user,uid[,"groups"].
// system:masters bypasses authorization, so the admin works under any mode.
func writeTokens(p *pki) error {
	var err error
	if p.adminToken, err = randomToken(); err != nil {
		return err
	}
	if p.limitedToken, err = randomToken(); err != nil {
		return err
	}
	csv := fmt.Sprintf("%s,admin,admin,\"system:masters\"\n%s,%s,%s\n",
		p.adminToken, p.limitedToken, limitedUser, limitedUser)
	return os.WriteFile(p.path("tokens.csv"), []byte(csv), 0o600)
}

func certTemplate(cn string) *x509.Certificate {
	serial, _ := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 62))
	now := time.Now()
	return &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: cn},
		NotBefore:    now.Add(-time.Hour), // tolerate small clock differences
		NotAfter:     now.AddDate(1, 0, 0),
	}
}

func randomToken() (string, error) {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}

func pemBlock(kind string, der []byte) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: kind, Bytes: der})
}
