import Alamofire
import Foundation

let apiBase = "https://api.example.com/v2"
let configURL = "http://config.example.com/mobile/pins.json"

let manager = ServerTrustManager(evaluators: [
    "api.example.com": PublicKeysTrustEvaluator(),
    "cdn.example.com": PinnedCertificatesTrustEvaluator(validateCertificateChain: false),
    "media.example.com": PinnedCertificatesTrustEvaluator(performDefaultValidation: false, validateHost: false),
])

final class Delegate: NSObject, URLSessionDelegate {
    func urlSession(_ session: URLSession, didReceive challenge: URLAuthenticationChallenge,
                    completionHandler: @escaping (URLSession.AuthChallengeDisposition, URLCredential?) -> Void) {
        guard let trust = challenge.protectionSpace.serverTrust else {
            completionHandler(.cancelAuthenticationChallenge, nil)
            return
        }
        completionHandler(.useCredential, URLCredential(trust: trust))
    }
}

final class GoodDelegate: NSObject, URLSessionDelegate {
    func urlSession(_ session: URLSession, didReceive challenge: URLAuthenticationChallenge,
                    completionHandler: @escaping (URLSession.AuthChallengeDisposition, URLCredential?) -> Void) {
        guard let trust = challenge.protectionSpace.serverTrust, SecTrustEvaluateWithError(trust, nil) else {
            completionHandler(.cancelAuthenticationChallenge, nil)
            return
        }
        completionHandler(.useCredential, URLCredential(trust: trust))
    }

    func other() {}
}
