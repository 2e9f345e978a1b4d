// Strings an iOS app binary carries: assembled with
//   llvm-mc-14 -triple arm64-apple-ios -filetype=obj strings.s -o strings-arm64.o
.section __TEXT,__cstring,cstring_literals
L_url:
    .asciz "https://api.example.com/v1/login"
L_pin:
    .asciz "sha256/r/mIkG3eEpVdm+u/ko/cwxzOMo1bk4TyHIlByibiA5E="
L_af:
    .asciz "AFSSLPinningModePublicKey"
L_cleartext:
    .asciz "http://pins.example.com/pins.json"
.section __TEXT,__ustring
L_u:
    .short 'h','t','t','p','s',':','/','/','c','d','n','.','e','x','a','m','p','l','e','.','c','o','m',0
.section __TEXT,__swift5_reflstr
L_swift:
    .asciz "PublicKeysTrustEvaluator"
