plugins {
    id("com.android.application")
    id("org.jetbrains.kotlin.android")
}

android {
    namespace = "com.example.pinnedapp"
    compileSdk = 34

    defaultConfig {
        applicationId = "com.example.pinnedapp"
        minSdk = 24
        targetSdk = 34 // overrides the manifest's targetSdkVersion, as Gradle does
        versionName = "2.1.0"
    }
}

dependencies {
    implementation("com.squareup.okhttp3:okhttp:4.12.0")
}
