package server

// fallbackCF is the request.cf object workerd gives when wrangler dev does
// not download Cloudflare's real one (recorded from wrangler dev 4.86 with
// CLOUDFLARE_CF_FETCH_ENABLED=false), keys in the same order.
var fallbackCF = []byte(`{
  "asOrganization": "",
  "asn": 395747,
  "colo": "DFW",
  "city": "Austin",
  "region": "Texas",
  "regionCode": "TX",
  "metroCode": "635",
  "postalCode": "78701",
  "country": "US",
  "continent": "NA",
  "timezone": "America/Chicago",
  "latitude": "30.27130",
  "longitude": "-97.74260",
  "clientTcpRtt": 0,
  "httpProtocol": "HTTP/1.1",
  "requestPriority": "weight=192;exclusive=0",
  "tlsCipher": "AEAD-AES128-GCM-SHA256",
  "tlsVersion": "TLSv1.3",
  "tlsClientAuth": {
    "certPresented": "0",
    "certVerified": "NONE",
    "certRevoked": "0",
    "certIssuerDN": "",
    "certSubjectDN": "",
    "certIssuerDNRFC2253": "",
    "certSubjectDNRFC2253": "",
    "certIssuerDNLegacy": "",
    "certSubjectDNLegacy": "",
    "certSerial": "",
    "certIssuerSerial": "",
    "certSKI": "",
    "certIssuerSKI": "",
    "certFingerprintSHA1": "",
    "certFingerprintSHA256": "",
    "certNotBefore": "",
    "certNotAfter": ""
  },
  "edgeRequestKeepAliveStatus": 0,
  "clientTrustScore": 99,
  "botManagement": {
    "corporateProxy": false,
    "verifiedBot": false,
    "ja3Hash": "25b4882c2bcb50cd6b469ff28c596742",
    "staticResource": false,
    "detectionIds": [],
    "score": 99
  },
  "clientAcceptEncoding": ""
}`)
