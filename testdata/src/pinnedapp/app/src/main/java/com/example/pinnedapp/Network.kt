package com.example.pinnedapp

import okhttp3.CertificatePinner
import okhttp3.OkHttpClient

object Network {
    const val BASE_URL = "https://api.example.com/v1/"

    private val pinner = CertificatePinner.Builder()
        .add("api.example.com", "sha256/oGy7eOkKIV15fpEGkhDUvfR+P6S/jK/U9Bv9rmpVvhE=",
            "sha256/odUGhNGyTxB4UDzYwnwM37QxpyMPGMZD4mS350iw9gY=")
        .add("*.cdn.example.com", "sha256/xRWZhWcLIkRP2d5HF+Sdq731CtEzjBc4zYaC5RGr1FE=")
        .build()

    val client: OkHttpClient = OkHttpClient.Builder()
        .certificatePinner(pinner)
        .build()
}
