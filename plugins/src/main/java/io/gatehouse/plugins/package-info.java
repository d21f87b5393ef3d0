/** placeholder */ package io.gatehouse.plugins;
