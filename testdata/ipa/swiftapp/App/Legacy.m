#import <AFNetworking/AFNetworking.h>

@implementation Legacy
- (AFHTTPSessionManager *)manager {
    AFSecurityPolicy *policy = [AFSecurityPolicy policyWithPinningMode:AFSSLPinningModePublicKey];
    policy.allowInvalidCertificates = YES;
    policy.validatesDomainName = NO;
    AFHTTPSessionManager *m = [[AFHTTPSessionManager alloc] initWithBaseURL:[NSURL URLWithString:@"https://legacy.example.com/"]];
    m.securityPolicy = policy;
    return m;
}

- (void)URLSession:(NSURLSession *)session didReceiveChallenge:(NSURLAuthenticationChallenge *)challenge
 completionHandler:(void (^)(NSURLSessionAuthChallengeDisposition, NSURLCredential *))completionHandler {
    completionHandler(NSURLSessionAuthChallengePerformDefaultHandling, nil);
}
@end
