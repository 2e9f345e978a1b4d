// A URLSession delegate that answers the server-trust challenge with
// URLCredential(trust:) after reading the chain, and never calls
// SecTrustEvaluateWithError: its selectors and imports as Xcode emits them.
//   llvm-mc-14 -triple arm64-apple-ios -filetype=obj challenge.s -o challenge-noeval.o
//   llvm-mc-14 -triple arm64-apple-ios -filetype=obj -defsym EVAL=1 challenge.s -o challenge-eval.o
.section __TEXT,__objc_methname,cstring_literals
L_sel_challenge:
    .asciz "URLSession:didReceiveChallenge:completionHandler:"
L_sel_wk:
    .asciz "webView:didReceiveAuthenticationChallenge:completionHandler:"
L_sel_cred:
    .asciz "credentialForTrust:"
L_sel_trust:
    .asciz "serverTrust"
.section __TEXT,__text,regular,pure_instructions
.globl _handle
.p2align 2
_handle:
    bl _SecTrustGetCertificateAtIndex
.ifdef EVAL
    bl _SecTrustEvaluateWithError
.endif
    ret
