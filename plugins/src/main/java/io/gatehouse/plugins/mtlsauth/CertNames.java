package io.gatehouse.plugins.mtlsauth;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;
import org.jspecify.annotations.Nullable;

/** The names a client certificate carries: its subject DN, common name and subject alternative names. */
record CertNames(String dn, @Nullable String cn, List<String> sans) {

  /** SAN types used for lookups (RFC 5280 GeneralName tags): rfc822Name, dNSName, URI, iPAddress. */
  private static final List<Integer> NAME_TYPES = List.of(1, 2, 6, 7);

  static CertNames of(X509Certificate cert) {
    String dn = cert.getSubjectX500Principal().getName(X500Principal.RFC2253);
    return new CertNames(dn, commonName(dn), sans(cert));
  }

  /** Names to look a consumer up by: the SANs first, then the CN (Kong: "SAN or CN"). */
  List<String> lookupNames() {
    List<String> names = new ArrayList<>(sans);
    if (cn != null && !names.contains(cn)) {
      names.add(cn);
    }
    return names;
  }

  private static @Nullable String commonName(String dn) {
    try {
      List<Rdn> rdns = new LdapName(dn).getRdns();
      for (int i = rdns.size() - 1; i >= 0; i--) { // LdapName lists the most significant RDN first
        if (rdns.get(i).getType().equalsIgnoreCase("CN")) {
          return rdns.get(i).getValue().toString();
        }
      }
    } catch (InvalidNameException e) {
      return null;
    }
    return null;
  }

  private static List<String> sans(X509Certificate cert) {
    List<String> out = new ArrayList<>();
    try {
      Collection<List<?>> all = cert.getSubjectAlternativeNames();
      if (all == null) {
        return List.of();
      }
      for (List<?> san : all) {
        if (san.size() == 2 && NAME_TYPES.contains(san.get(0)) && san.get(1) instanceof String s) {
          out.add(s);
        }
      }
    } catch (CertificateParsingException e) {
      return List.of();
    }
    return List.copyOf(out);
  }
}
